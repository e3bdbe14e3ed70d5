"""What a change does, as statements a process owner reads: the plain-words diff.

The technical diff (`migration.diff_versions`) lists elements and fields. This turns the same
two definitions into facts about the lifecycle: a deadline shortened from 5 to 4 working
days, a step added after another and who does it, a step removed or given to another role,
a decision's branch whose condition or destination changed. Each `Statement` is a code and
plain parameters (names, lane codes, days); `wording/process_diff.py` words it in Indonesian
or English, so the facts are tested apart from the words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.flows import Flow, flows_of, human_predecessors

Meta = Mapping[str, Mapping[str, Any]]
HUMAN = frozenset({"userTask", "manualTask"})
TIMERS = frozenset({"boundaryEvent", "intermediateCatchEvent"})
GATEWAYS = frozenset({"exclusiveGateway", "inclusiveGateway", "parallelGateway"})


@dataclass(frozen=True)
class Statement:
    """One fact of the change; `element_id` lets the page point at it on the diagram."""

    code: str
    element_id: str
    params: dict[str, Any] = field(default_factory=dict)


def _name(meta: Meta, ident: str | None) -> str:
    node = meta.get(ident or "", {})
    return str(node.get("name") or ident or "")


def _timer_task(meta: Meta, ident: str) -> str:
    """A boundary timer is read as its task's deadline; a catch timer by its own name."""
    host = meta[ident].get("attached_to")
    return _name(meta, host) if host else _name(meta, ident)


def _deadlines(old: Meta, new: Meta) -> list[Statement]:
    found = []
    for ident in sorted(set(old) | set(new)):
        before, after = old.get(ident), new.get(ident)
        if not any(n and n.get("kind") in TIMERS for n in (before, after)):
            continue
        if before is None or after is None:
            meta, node = (new, after) if before is None else (old, before)
            code = "deadline_added" if before is None else "deadline_removed"
            found.append(Statement(code, ident, {
                "task": _timer_task(meta, ident), "days": node.get("timer_working_days"),
                "rule": node.get("properties", {}).get("rule")}))
            continue
        days = (before.get("timer_working_days"), after.get("timer_working_days"))
        rule = after.get("properties", {}).get("rule")
        if days[0] != days[1]:
            code = "deadline_shortened" if None not in days and days[1] < days[0] else (
                "deadline_lengthened" if None not in days else "deadline_expression_changed")
            found.append(Statement(code, ident, {"task": _timer_task(new, ident), "old": days[0],
                                                 "new": days[1], "rule": rule}))
    return found


def _steps(old: Meta, new: Meta, flows: dict[str, Flow]) -> list[Statement]:
    kinds = {i: str(n.get("kind")) for i, n in new.items()}
    attached = {i: str(n["attached_to"]) for i, n in new.items() if n.get("attached_to")}
    found = []
    for ident in sorted(set(new) - set(old)):
        if new[ident].get("kind") in HUMAN:
            after = [_name(new, p) for p in human_predecessors(flows, kinds, ident, attached)]
            found.append(Statement("step_added", ident, {
                "task": _name(new, ident), "lane": new[ident].get("lane"), "after": after}))
    for ident in sorted(set(old) - set(new)):
        if old[ident].get("kind") in HUMAN:
            found.append(Statement("step_removed", ident, {
                "task": _name(old, ident), "lane": old[ident].get("lane")}))
    for ident in sorted(set(old) & set(new)):
        if new[ident].get("kind") in HUMAN and old[ident].get("lane") != new[ident].get("lane"):
            found.append(Statement("step_reassigned", ident, {
                "task": _name(new, ident), "old": old[ident].get("lane"),
                "new": new[ident].get("lane")}))
    return found


def _branch(meta: Meta, flow: Flow) -> dict[str, Any]:
    return {"branch": flow.name or _name(meta, flow.target), "decision": _name(meta, flow.source)}


def _branches(old: Meta, new: Meta, before: dict[str, Flow], after: dict[str, Flow]) -> list:
    """Flows leaving a gateway: condition changed, destination changed, added, removed."""
    found = []
    for ident in sorted(set(before) | set(after)):
        a, b = before.get(ident), after.get(ident)
        source_meta, flow = (new, b) if b is not None else (old, a)
        if flow is None or source_meta.get(flow.source, {}).get("kind") not in GATEWAYS:
            continue
        if a is None or b is None:
            code = "branch_added" if a is None else "branch_removed"
            found.append(Statement(code, ident, {**_branch(source_meta, flow),
                                                 "target": _name(source_meta, flow.target)}))
            continue
        if (a.condition, a.default) != (b.condition, b.default):
            found.append(Statement("condition_changed", ident, {
                **_branch(new, b), "old": "default" if a.default else a.condition,
                "new": "default" if b.default else b.condition}))
        if a.target != b.target:
            found.append(Statement("branch_redirected", ident, {
                **_branch(new, b), "old": _name(old, a.target), "new": _name(new, b.target)}))
    return found


def plain_diff(old_xml: str, old_meta: Meta, new_xml: str, new_meta: Meta) -> list[Statement]:
    """Deadlines first (what a reporter feels), then steps, then decisions."""
    before, after = flows_of(old_xml), flows_of(new_xml)
    return (_deadlines(old_meta, new_meta) + _steps(old_meta, new_meta, after)
            + _branches(old_meta, new_meta, before, after))
