"""Moving a running instance onto a newer version of its process.

Built on SpiffWorkflow's own helpers (`diff_workflow`, `migrate_workflow` in
bpmn/util/diff.py): they align the instance's task specs with the new version's and swap
them in place, so task ids, data and history survive. Two choices are ours:
- Refused unless every task the instance waits on (ready user tasks, waiting timers) exists
  under the same id in the new version, and no task of its history was removed (the state
  names each task's spec; a missing one could not be restored again).
- Only READY tasks are reset (so their predicted branches follow the new diagram); WAITING
  timers are kept with their stored due time. A deadline already running is the one the
  officer was given when the step started; the new expression applies from the next step.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.util.task import TaskState

from engine.definitions import SERIALIZER
from engine.runtime import (
    Helpers,
    _attach_engine,
    _guard,
    _restore,
    _settle,
    _waiting_timer_ids,
)
from engine.types import RunResult, Vocabulary


class MigrationRefused(ValueError):
    """The instance cannot move to the new version; `element_ids` say where it is stuck."""

    def __init__(self, reason: str, element_ids: list[str]):
        self.reason = reason
        self.element_ids = element_ids
        super().__init__(f"{reason}: {', '.join(element_ids)}" if element_ids else reason)


def _spec_id(task: Any) -> str:
    return str(task.task_spec.bpmn_id or task.task_spec.name)


def waiting_elements(spec: Mapping[str, Any], state: Mapping[str, Any]) -> list[str]:
    """Element ids the instance waits on now (ready user tasks and pending timers)."""
    workflow = _restore(spec, state)
    tasks = workflow.get_tasks(state=TaskState.READY | TaskState.WAITING, skip_subprocesses=True)
    return sorted({_spec_id(t) for t in tasks})


def migrate(
    old_spec: Mapping[str, Any],
    state: Mapping[str, Any],
    new_spec: Mapping[str, Any],
    new_meta: Mapping[str, Any],
    helpers: Helpers,
    *,
    vocabulary: Vocabulary,
    now: datetime | None = None,
) -> RunResult:
    """Restore the instance under the new spec and run it to its next wait.

    Raises MigrationRefused (nothing changed) when the instance cannot move.
    """
    workflow = _restore(old_spec, state, private=True)  # migration re-points its specs
    target = SERIALIZER.from_dict(copy.deepcopy(new_spec["spec"]))
    dependencies = {
        name: SERIALIZER.from_dict(copy.deepcopy(sub))
        for name, sub in new_spec.get("subprocess_specs", {}).items()
    }
    waiting = workflow.get_tasks(state=TaskState.READY | TaskState.WAITING, skip_subprocesses=True)
    missing = sorted({_spec_id(t) for t in waiting if t.task_spec.name not in target.task_specs})
    if missing:
        raise MigrationRefused("the case waits on elements the new version does not have", missing)
    top_diff, _ = diff_workflow(SERIALIZER.registry, workflow, target, dependencies)
    if top_diff.removed:
        lost = sorted({_spec_id(t) for t in top_diff.removed})
        raise MigrationRefused("the case's history passed elements the new version removed", lost)

    def run() -> RunResult:
        migrate_workflow(top_diff, workflow, target, reset_mask=TaskState.READY)
        workflow.subprocess_specs = dependencies
        _attach_engine(workflow, helpers)
        result = _settle(workflow, new_meta, _waiting_timer_ids(workflow), vocabulary)
        _restore(new_spec, result.state)  # proves the migrated state loads under the new spec
        return result

    return _guard(run, now)
