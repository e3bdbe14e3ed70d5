"""What changed between two deployed versions of a process, element by element.

Two sources, combined on purpose:
- SpiffWorkflow's `SpecDiff` (bpmn/util/diff.py) compares the *parsed, executable* specs. It
  sees what our metadata does not store (scripts, gateway conditions, timer expressions, the
  decision a rule task calls, how tasks connect) and it is the same alignment that
  `engine.migrate` relies on, so "removed" here means exactly "a case waiting there cannot
  move". Its weak spots: it reports internal specs (`X.BoundaryEventSplit`, `Start`, `End`)
  and names changed attributes by serializer keys (`cond_task_specs`, `extensions`).
- Our own extracted metadata (`engine.lint.extract_metadata`) says *which* Aduan property
  changed (form, status, rule, escalation, lane, instructions), in the words of the
  conventions.
Internal specs are folded into the BPMN element they belong to; serializer keys become
readable field names. Lanes and sequence flows are not task specs: a moved lane shows as a
changed `lane` of its tasks, a new or re-targeted flow as changed `incoming`/`outgoing`.
Where a value reads well on its own (properties, name, lane, instructions, timer expressions,
scripts), a change carries its old and new value: `timer: working_days(5) → working_days(4)`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from SpiffWorkflow.bpmn.util.diff import SpecDiff

from engine.definitions import SERIALIZER

# Serializer keys of a task spec, in the words a process owner reads.
_FIELD_NAMES = {
    "bpmn_name": "name",
    "inputs": "incoming",
    "outputs": "outgoing",
    "cond_task_specs": "conditions",
    "default_task_spec": "default flow",
    "event_definition": "timer",
    "script": "script",
    "prescript": "pre-script",
    "postscript": "post-script",
    "decision_table": "decision",
    "typename": "kind",
    "lane": "lane",
    "cancel_activity": "interrupting",
}
# Keys that say nothing a person changed (or that our metadata reports more precisely).
_IGNORED = frozenset({"name", "description", "extensions", "lookahead", "manual", "wf_spec"})


@dataclass(frozen=True)
class ElementChange:
    """One element of the diagram that was added, removed or changed."""

    element_id: str
    kind: str
    name: str | None
    fields: tuple[str, ...] = ()
    # (field, old, new) for the fields whose values can be shown: properties, name, lane,
    # instructions, timer expressions, scripts. `None` means "not set" on that side.
    values: tuple[tuple[str, str | None, str | None], ...] = ()


@dataclass
class VersionDiff:
    """Added, removed and changed elements, each list sorted by element id."""

    added: list[ElementChange] = field(default_factory=list)
    removed: list[ElementChange] = field(default_factory=list)
    changed: list[ElementChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_dict(self) -> dict[str, list[dict[str, Any]]]:
        def rows(items: list[ElementChange]) -> list[dict[str, Any]]:
            return [
                {
                    "element_id": c.element_id,
                    "kind": c.kind,
                    "name": c.name,
                    "fields": list(c.fields),
                    "values": [{"field": f, "old": o, "new": n} for f, o, n in c.values],
                }
                for c in items
            ]

        return {
            "added": rows(self.added),
            "removed": rows(self.removed),
            "changed": rows(self.changed),
        }


def _spec(serialized: Mapping[str, Any]) -> Any:
    # from_dict pops keys from what it reads: never hand it the cached version dict itself.
    return SERIALIZER.from_dict(copy.deepcopy(serialized["spec"]))


def _owner(spec: Any, known: Mapping[str, Any]) -> str | None:
    """The BPMN element id a task spec stands for (internal specs fold into their task)."""
    if getattr(spec, "bpmn_id", None):
        return str(spec.bpmn_id)
    base = str(spec.name).split(".", 1)[0]
    return base if base in known else None


MAX_VALUE_CHARS = 200


def _shown(value: Any) -> str | None:
    """A value as the diff prints it: text, cut to a readable length; None when unset."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _meta_values(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> dict[str, tuple[str | None, str | None]]:
    """Aduan-level fields that differ between two metadata entries, with old and new value."""
    changed: dict[str, tuple[str | None, str | None]] = {}
    for key in ("kind", "name", "lane", "instructions", "attached_to"):
        if old.get(key) != new.get(key):
            changed[key] = (_shown(old.get(key)), _shown(new.get(key)))
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for prop in set(old_props) | set(new_props):
        if old_props.get(prop) != new_props.get(prop):
            changed[prop] = (_shown(old_props.get(prop)), _shown(new_props.get(prop)))
    return changed


def _task_spec(serialized: Mapping[str, Any], element_id: str) -> Mapping[str, Any]:
    """The serialized task spec of a BPMN element of the top-level process ({} if absent)."""
    specs = serialized.get("spec", {}).get("task_specs", {})
    found = specs.get(element_id)
    return found if isinstance(found, Mapping) else {}


def _spec_values(
    old_spec: Mapping[str, Any], new_spec: Mapping[str, Any], element_id: str, readable: set[str]
) -> dict[str, tuple[str | None, str | None]]:
    """Old and new value of the spec-level fields a person can read: timer, scripts."""
    old, new = _task_spec(old_spec, element_id), _task_spec(new_spec, element_id)
    values: dict[str, tuple[str | None, str | None]] = {}
    if "timer" in readable:
        def expression(task: Mapping[str, Any]) -> Any:
            definition = task.get("event_definition")
            return definition.get("expression") if isinstance(definition, Mapping) else None

        before, after = expression(old), expression(new)
        if before != after:
            values["timer"] = (_shown(before), _shown(after))
    for key in ("script", "prescript", "postscript"):
        field_name = _FIELD_NAMES[key]
        if field_name in readable and old.get(key) != new.get(key):
            values[field_name] = (_shown(old.get(key)), _shown(new.get(key)))
    return values


def diff_specs(
    old_spec: Mapping[str, Any],
    old_meta: Mapping[str, Mapping[str, Any]],
    new_spec: Mapping[str, Any],
    new_meta: Mapping[str, Mapping[str, Any]],
) -> VersionDiff:
    """Compare two compiled versions (spec + metadata, as stored on `process_version`)."""
    spec_diff = SpecDiff(SERIALIZER.registry, _spec(old_spec), _spec(new_spec))
    added_ids = {_owner(s, new_meta) for s in spec_diff.added} - {None}
    removed_ids = {_owner(s, old_meta) for s in spec_diff.removed} - {None}
    # An element whose own spec survives is not removed, even if an internal spec of it was.
    removed_ids -= {i for i in removed_ids if i in new_meta}
    added_ids -= {i for i in added_ids if i in old_meta}

    fields: dict[str, set[str]] = {}
    values: dict[str, dict[str, tuple[str | None, str | None]]] = {}
    for spec, keys in spec_diff.changed.items():
        owner = _owner(spec, old_meta)
        if owner is None or owner in removed_ids:
            continue
        readable = {_FIELD_NAMES.get(k, k) for k in keys if k not in _IGNORED}
        if readable:
            fields.setdefault(owner, set()).update(readable)
            shown = _spec_values(old_spec, new_spec, owner, readable)
            if shown:
                values.setdefault(owner, {}).update(shown)
    for element_id in set(old_meta) & set(new_meta):
        found = _meta_values(old_meta[element_id], new_meta[element_id])
        if found:
            fields.setdefault(element_id, set()).update(found)
            values.setdefault(element_id, {}).update(found)

    def entry(
        element_id: str, meta: Mapping[str, Any], changed: set[str] | None = None
    ) -> ElementChange:
        node = meta.get(element_id, {})
        shown = values.get(element_id, {}) if changed else {}
        return ElementChange(
            element_id, node.get("kind", "task"), node.get("name"), tuple(sorted(changed or ())),
            tuple((f, *shown[f]) for f in sorted(shown)),
        )

    return VersionDiff(
        added=[entry(i, new_meta) for i in sorted(added_ids)],
        removed=[entry(i, old_meta) for i in sorted(removed_ids)],
        changed=[
            entry(i, new_meta if i in new_meta else old_meta, f)
            for i, f in sorted(fields.items())
            if i not in added_ids
        ],
    )
