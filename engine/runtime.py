"""Running instances: start, complete a task, fire timers — each one engine operation.

Every operation takes the version's serialized spec and the instance's spec-less state,
runs SpiffWorkflow until the instance waits again, and returns an engine-free `RunResult`.
Persistence, locking and auditing belong to the caller (`domain/cases/workflow.py`).

Time: timer expressions call `working_days(n)`, bound per operation to the caller's clock
and calendar, so the due time SpiffWorkflow stores is already the legal deadline. Our timer
table decides when a timer fires; `fire_timers` marks exactly those timer tasks as fired.
That keeps `timers sweep --as-of` and the tests' moved clock on the same code path as
production, instead of depending on the library comparing against the wall clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from engine import specs
from engine.clock import operation_time
from engine.definitions import SERIALIZER
from engine.sandbox import ExpressionError, RestrictedEnvironment
from engine.types import EngineError, PendingTimer, RunResult, TaskView, Vocabulary

# One operation of a real lifecycle runs a handful of automatic steps; this many means an
# automatic loop. SpiffWorkflow itself stalls silently near 1,000 tasks, so stop well before.
MAX_STEPS_PER_OPERATION = 200
MAX_TASKS = 3000

Helpers = Mapping[str, Callable[..., Any]]


def _parent_first(tasks: Mapping[str, Any]) -> dict[str, Any]:
    """Order serialized tasks so every parent precedes its children.

    SpiffWorkflow stores each task's data as a delta against its parent and restores tasks
    in mapping order; PostgreSQL's JSONB does not keep key order, so without this a child
    would be rebuilt against an empty parent and silently lose its data.
    """
    ordered: dict[str, Any] = {}
    children: dict[str | None, list[str]] = {}
    for task_id, task in tasks.items():
        children.setdefault(task.get("parent"), []).append(task_id)
    queue = list(children.get(None, []))
    while queue:
        task_id = queue.pop(0)
        ordered[task_id] = tasks[task_id]
        queue.extend(children.get(task_id, []))
    # Anything unreachable (should not happen) keeps its place at the end rather than vanish.
    for task_id, task in tasks.items():
        ordered.setdefault(task_id, task)
    return ordered


def _restore(spec: Mapping[str, Any], state: Mapping[str, Any] | None, *,
             private: bool = False) -> BpmnWorkflow:
    """Rebuild a workflow from the version's spec plus the instance's own state.

    The spec objects are the version's shared parse (`engine.specs`) unless `private`.
    The state is not copied: SpiffWorkflow's restore builds new containers for everything
    it reads, and the only keys it pops are taken from shallow copies made here.
    """
    top, subs = specs.parse(spec) if private else specs.parsed(spec)
    if state is None:
        return BpmnWorkflow(top, subs)
    dct = dict(state)
    dct["tasks"] = _parent_first(dct["tasks"])
    dct["subprocesses"] = {
        key: {**sub, "tasks": _parent_first(sub["tasks"])}
        for key, sub in dct.get("subprocesses", {}).items()
    }
    return _workflow_from_state(top, subs, dct)


def _workflow_from_state(top: Any, subs: dict[str, Any], dct: dict[str, Any]) -> BpmnWorkflow:
    """SpiffWorkflow's `BpmnWorkflowConverter.from_dict`, minus restoring the specs.

    Same steps, same order, through the converter's own methods: the workflow on the given
    spec objects, its task tree, its attributes, its subprocesses, its pending events.
    """
    converter = _workflow_converter()
    workflow = BpmnWorkflow(top, subs, deserializing=True)
    workflow.tasks = converter.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
    workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
    converter.set_default_attributes(workflow, dct)
    converter.subprocesses_from_dict(dct["subprocesses"], workflow)
    workflow.bpmn_events = SERIALIZER.registry.restore(dct.pop("bpmn_events", []))
    return workflow


def _dump(workflow: BpmnWorkflow) -> dict[str, Any]:
    """The instance state without the spec: the spec is stored once per version.

    `BpmnWorkflowConverter.to_dict` minus converting the spec (which the old `to_dict` then
    pop did on every step, for nothing): the same keys, through the converter's own parts.
    """
    converter = _workflow_converter()
    dct = {"typename": SERIALIZER.registry.typenames[BpmnWorkflow],
           **super(type(converter), converter).to_dict(workflow)}
    dct["subprocesses"] = converter.mapping_to_dict(workflow.subprocesses)
    dct["bpmn_events"] = SERIALIZER.registry.convert(workflow.bpmn_events)
    return dct


def _workflow_converter() -> Any:
    """The serializer's own BpmnWorkflowConverter instance (its methods are registered)."""
    typename = SERIALIZER.registry.typenames[BpmnWorkflow]
    registered = SERIALIZER.registry.convert_from_dict[typename]  # partial(_obj_from_dict, ..)
    return registered.args[0].__self__


def _attach_engine(workflow: BpmnWorkflow, helpers: Helpers) -> None:
    workflow.script_engine = PythonScriptEngine(environment=RestrictedEnvironment(helpers))


def _timer_definition(task: Any) -> TimerEventDefinition | None:
    spec = task.task_spec
    if isinstance(spec, CatchingEvent) and isinstance(
        getattr(spec, "event_definition", None), TimerEventDefinition
    ):
        return spec.event_definition
    return None


def _task_views(workflow: BpmnWorkflow, meta: Mapping[str, Any]) -> list[TaskView]:
    views = []
    for task in workflow.get_tasks(state=TaskState.READY, manual=True):
        node = meta.get(task.task_spec.bpmn_id or task.task_spec.name, {})
        props = node.get("properties", {})
        views.append(
            TaskView(
                task_id=str(task.id),
                spec=task.task_spec.bpmn_id or task.task_spec.name,
                label=task.task_spec.bpmn_name or node.get("name") or task.task_spec.name,
                lane=task.task_spec.lane or node.get("lane") or "",
                form=props.get("form", ""),
                status=props.get("status", ""),
                escalation=int(props.get("escalation", 0) or 0),
                instructions=node.get("instructions", ""),
                reporter_notice=props.get("reporter_notice", ""),
            )
        )
    return views


def _timers(workflow: BpmnWorkflow, meta: Mapping[str, Any]) -> list[PendingTimer]:
    timers = []
    for task in workflow.get_tasks(state=TaskState.WAITING):
        if _timer_definition(task) is None:
            continue
        value = task._get_internal_data("event_value")
        if value is None:
            continue
        spec_id = task.task_spec.bpmn_id or task.task_spec.name
        node = meta.get(spec_id, {})
        timers.append(
            PendingTimer(
                task_id=str(task.id),
                spec=spec_id,
                due_at=TimerEventDefinition.get_datetime(value),
                rule=node.get("properties", {}).get("rule", ""),
                attached_to=node.get("attached_to"),
            )
        )
    return timers


def _end_event(workflow: BpmnWorkflow, meta: Mapping[str, Any]) -> str | None:
    """The completed end event that carries a case status.

    An end event without one only ended a non-interrupting timer's branch while its task
    went on waiting (the lint allows nothing else), so it never says where the case ended.
    """
    for task in workflow.get_tasks(state=TaskState.COMPLETED):
        spec_id = task.task_spec.bpmn_id
        node = meta.get(spec_id, {}) if spec_id else {}
        if node.get("kind") == "endEvent" and node.get("properties", {}).get("status"):
            return spec_id
    return None


def _data(workflow: BpmnWorkflow, ready: list[Any], keys: Iterable[str]) -> dict[str, Any]:
    """The instance data the domain reads back: only its keys (`Vocabulary.data_keys`)."""
    source = ready[0].data if ready else (workflow.last_task.data if workflow.last_task else {})
    merged = {**workflow.data, **source}
    return {k: merged[k] for k in keys if k in merged}


class _StepBudget:
    """Counts automatic steps of one operation and stops a runaway loop with a clear error."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0

    def __call__(self, task: Any) -> None:
        self.used += 1
        if self.used > self.limit:
            raise EngineError(
                f"more than {self.limit} automatic steps in one operation (last: "
                f"{task.task_spec.bpmn_id or task.task_spec.name}); the process loops "
                "without a wait state"
            )


def _waiting_timer_ids(workflow: BpmnWorkflow) -> set[str]:
    return {
        str(task.id)
        for task in workflow.get_tasks(state=TaskState.WAITING)
        if _timer_definition(task) is not None
    }


def _settle(
    workflow: BpmnWorkflow,
    meta: Mapping[str, Any],
    watched: set[str],
    vocabulary: Vocabulary,
    **extra: Any,
) -> RunResult:
    """Run to the next wait and describe where the instance stands.

    `watched` are the timers that waited before this operation; any of them that completed
    during it fired (forced by `fire_timers`, or simply due at the operation's moment), and
    is reported so the caller records it, rather than vanishing as if cancelled.
    """
    steps = _StepBudget(MAX_STEPS_PER_OPERATION)
    workflow.do_engine_steps(will_complete_task=steps)
    # Evaluate new timers' due times now (our helpers are bound), so they can be stored.
    workflow.refresh_timers()
    workflow.do_engine_steps(will_complete_task=steps)
    if len(workflow.tasks) > MAX_TASKS:
        raise EngineError(f"instance grew past {MAX_TASKS} tasks; the process loops without a cap")
    if workflow.is_completed() and _end_event(workflow, meta) is None:
        # SpiffWorkflow latches "completed" when it gives up on a deep tree; never store that.
        raise EngineError("the process stopped without reaching an end event")
    ready_tasks = workflow.get_tasks(state=TaskState.READY, manual=True)
    views = _task_views(workflow, meta)
    end = _end_event(workflow, meta) if workflow.is_completed() else None
    if views:
        status = views[0].status
    elif end:
        status = meta.get(end, {}).get("properties", {}).get("status")
    else:
        status = None
    by_id = {str(task.id): task for task in workflow.get_tasks()}
    fired = sorted(
        tid for tid in watched if tid in by_id and by_id[tid].state == TaskState.COMPLETED
    )
    return RunResult(
        state=_dump(workflow),
        fired_timers=fired,
        ready_tasks=views,
        timers=_timers(workflow, meta),
        data=_data(workflow, ready_tasks, vocabulary.data_keys),
        status=status,
        completed=workflow.is_completed(),
        end_event=end,
        **extra,
    )


def _guard(operation: Callable[[], RunResult], now: datetime | None = None) -> RunResult:
    try:
        with operation_time(now):
            return operation()
    except (SpiffWorkflowException, ExpressionError) as exc:
        raise EngineError(f"the process failed: {exc}") from exc
    except RecursionError as exc:
        raise EngineError("the process history is too deep to run") from exc


def start(
    spec: Mapping[str, Any],
    meta: Mapping[str, Any],
    data: Mapping[str, Any],
    helpers: Helpers,
    *,
    vocabulary: Vocabulary,
    now: datetime | None = None,
) -> RunResult:
    """Create an instance with its initial data and run it to its first wait.

    `vocabulary.data_keys` name the instance data returned in `RunResult.data` (here and in
    every operation below).
    """

    def run() -> RunResult:
        workflow = _restore(spec, None)
        _attach_engine(workflow, helpers)
        workflow.data.update(data)
        for task in workflow.get_tasks(state=TaskState.READY):
            task.data.update(data)
        return _settle(workflow, meta, set(), vocabulary)

    return _guard(run, now)


def complete(
    spec: Mapping[str, Any],
    meta: Mapping[str, Any],
    state: Mapping[str, Any],
    task_id: str,
    data: Mapping[str, Any],
    helpers: Helpers,
    *,
    vocabulary: Vocabulary,
    now: datetime | None = None,
) -> RunResult:
    """Complete one ready user task with validated form data."""

    def run() -> RunResult:
        workflow = _restore(spec, state)
        _attach_engine(workflow, helpers)
        task = next(
            (
                t
                for t in workflow.get_tasks(state=TaskState.READY, manual=True)
                if str(t.id) == task_id
            ),
            None,
        )
        if task is None:
            raise LookupError(task_id)
        watched = _waiting_timer_ids(workflow)
        task.data.update(data)
        task.run()
        completed = [task.task_spec.bpmn_id or ""]
        return _settle(workflow, meta, watched, vocabulary, completed_tasks=completed)

    return _guard(run, now)


def fire_timers(
    spec: Mapping[str, Any],
    meta: Mapping[str, Any],
    state: Mapping[str, Any],
    timer_task_ids: Iterable[str],
    helpers: Helpers,
    *,
    vocabulary: Vocabulary,
    now: datetime | None = None,
) -> RunResult:
    """Fire the named waiting timers (the caller decided they are due) and run on.

    Forcing by id (rather than waiting for the engine's own due time) lets our timer rows
    decide: a deadline resumed after a hold is shorter than the one the engine computed.
    """

    def run() -> RunResult:
        workflow = _restore(spec, state)
        _attach_engine(workflow, helpers)
        watched = _waiting_timer_ids(workflow)
        for task in workflow.get_tasks(state=TaskState.WAITING):
            if str(task.id) in set(timer_task_ids) and str(task.id) in watched:
                task._set_internal_data(event_fired=True)
        return _settle(workflow, meta, watched, vocabulary)

    return _guard(run, now)


def ready_task_data(
    spec: Mapping[str, Any], state: Mapping[str, Any], task_id: str
) -> dict[str, Any]:
    """The data a ready task carries (to prefill its form)."""
    workflow = _restore(spec, state)
    task = next(
        (t for t in workflow.get_tasks(state=TaskState.READY) if str(t.id) == task_id), None
    )
    return dict(task.data) if task else {}
