"""Running a case's workflow and projecting the result into Aduan's tables.

One call = one engine operation inside the caller's transaction: lock the case (conditional
version bump), run the engine, then write the instance state, the human-task and timer
projections, the case's status and facts, the audit events and the outbox rows. Nothing
commits here; the request, job or CLI command that called us does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

import engine
from domain.audit import operations as audit
from domain.cases import deadlines
from domain.cases.models import Case, CaseCopy, HumanTask, Timer, WorkflowState
from domain.db import db
from domain.enums import CaseStatus, Lane, TaskState, TimerStatus
from domain.errors import Conflict
from domain.org.models import Agency, Unit
from domain.org.operations import agency_by_code, unit_by_code
from domain.org.scope import agency_root_unit
from domain.outbox import operations as outbox
from domain.processes.operations import definition
from domain.sla.operations import load_calendar

FACT_KEYS = (
    "unit_code", "agency_code", "routed_unit", "copies", "holds", "forwards", "reopens", "rating"
)


def helpers_at(now: datetime) -> dict[str, Callable[..., Any]]:
    """Functions BPMN expressions may call, bound to this operation's clock and calendar."""
    calendar = load_calendar()

    def working_days(n: int) -> str:
        return calendar.add_working_days(now, int(n)).isoformat()

    return {"working_days": working_days}


def lock_case(case: Case, expected_version: int | None) -> None:
    """Claim the case for this transaction, or fail with 409 if someone changed it first.

    A conditional UPDATE is both the optimistic check and (on PostgreSQL) the row lock: a
    concurrent second click blocks here, then finds the version moved and gets Conflict.
    """
    expected = case.version if expected_version is None else expected_version
    result = db.session.execute(
        sa.update(Case)
        .where(Case.id == case.id, Case.version == expected)
        .values(version=Case.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict("the case was changed by someone else; reload and try again")
    db.session.refresh(case)


def run_start(case: Case, data: dict[str, Any], now: datetime, actor: str) -> engine.RunResult:
    spec, meta, _ = definition(case.process_version_id)
    result = engine.start(spec, meta, data, helpers_at(now), now=now)
    db.session.add(WorkflowState(case_id=case.id, state=result.state, facts={}, updated_at=now))
    db.session.flush()
    project(case, result, now, actor)
    return result


def run_complete(
    case: Case,
    task: HumanTask,
    data: dict[str, Any],
    now: datetime,
    actor: str,
    actor_id: int | None,
) -> engine.RunResult:
    spec, meta, _ = definition(case.process_version_id)
    state = db.session.get(WorkflowState, case.id)
    try:
        result = engine.complete(spec, meta, state.state, task.id, data, helpers_at(now), now=now)
    except LookupError as exc:
        raise Conflict("this task is no longer waiting; reload the case") from exc
    task.state, task.finished_at, task.finished_by_id = TaskState.COMPLETED, now, actor_id
    audit.record(
        "task_completed",
        actor=actor,
        case_id=case.id,
        now=now,
        payload={"task": task.spec, "label": task.label, "lane": task.lane, "data": data},
    )
    project(case, result, now, actor)
    return result


def run_fire(case: Case, timers: list[Timer], now: datetime) -> engine.RunResult:
    spec, meta, _ = definition(case.process_version_id)
    state = db.session.get(WorkflowState, case.id)
    result = engine.fire_timers(
        spec, meta, state.state, [t.id for t in timers], helpers_at(now), now=now
    )
    project(case, result, now, "system:timer")
    return result


def _apply_facts(case: Case, facts: dict[str, Any], previous: dict[str, Any]) -> None:
    """Copy what the process decided (unit, agency, counters) into the case's columns.

    `routed_unit` (the routing table's suggestion) only names the agency that verifies a case
    that has none yet; the case's unit is the verifier's disposition (`unit_code`), so the
    suggested unit's officers cannot read a case that is still being verified.
    """
    changed = {k: v for k, v in facts.items() if previous.get(k) != v}
    if changed.get("agency_code"):
        agency = agency_by_code(str(changed["agency_code"]))
        if agency is not None:
            case.agency, case.unit = agency, None
    if changed.get("routed_unit") and case.agency is None:
        routed = unit_by_code(str(changed["routed_unit"]))
        if routed is not None:
            case.agency = routed.agency
    if "unit_code" in changed:
        unit = unit_by_code(str(changed["unit_code"])) if changed["unit_code"] else None
        case.unit = unit
        if unit is not None:
            case.agency = unit.agency
    db.session.flush()
    if "copies" in changed:
        db.session.execute(sa.delete(CaseCopy).where(CaseCopy.case_id == case.id))
        for code in changed["copies"] or []:
            unit = unit_by_code(str(code))
            if unit is not None and unit.id != case.unit_id:
                db.session.add(CaseCopy(case_id=case.id, unit_id=unit.id))
    for key in ("holds", "forwards", "reopens"):
        if isinstance(facts.get(key), int):
            setattr(case, key, facts[key])
    if isinstance(facts.get("rating"), int) and 1 <= facts["rating"] <= 5:
        case.rating = facts["rating"]


def _task_owner(case: Case, lane: str) -> tuple[int | None, int | None]:
    """(agency_id, unit_id) owning a task of this lane: who finds it in their inbox."""
    if lane == Lane.COORDINATOR:
        if case.agency_id is None:
            return None, None  # no agency yet: the national admins' pool
        root = agency_root_unit(case.agency_id)
        return case.agency_id, root.id if root else None
    if lane in (Lane.LIAISON, Lane.SUPERVISOR):
        return case.agency_id, case.unit_id
    return case.agency_id, None


def project(case: Case, result: engine.RunResult, now: datetime, actor: str) -> None:
    """Write the run's outcome: state, facts, tasks, timers, status, audit, outbox."""
    state = db.session.get(WorkflowState, case.id)
    previous_facts = dict(state.facts or {})
    facts = {k: result.data[k] for k in FACT_KEYS if k in result.data}
    state.state, state.facts, state.updated_at = result.state, facts, now
    _apply_facts(case, facts, previous_facts)

    # Timers: new ones become rows; rows the engine no longer waits on are fired or cancelled.
    # Each timer's own length, working_days(n): at most its rule's maximum (the lint checks).
    meta = definition(case.process_version_id)[1]

    def days(spec: str) -> int | None:
        return meta.get(spec, {}).get("timer_working_days")

    days_of = {t.spec: days(t.spec) for t in result.timers}
    pending = {t.task_id: t for t in result.timers}
    fired = set(result.fired_timers)
    rows = (
        db.session.execute(
            sa.select(Timer).where(Timer.case_id == case.id, Timer.status == TimerStatus.PENDING)
        )
        .scalars()
        .all()
    )
    for row in rows:
        if row.id in pending:
            continue
        if row.id in fired:
            # Fired now: forced by the sweeper, or due at this operation's moment.
            row.status, row.fired_at = TimerStatus.FIRED, now
            case.late = True
            audit.record(
                "timer_fired",
                actor="system:timer",
                case_id=case.id,
                now=now,
                payload={
                    "timer": row.spec,
                    "rule": row.rule,
                    "working_days": days(row.spec),
                    "due_at": row.due_at.isoformat(),
                    "task": row.attached_to,
                },
            )
        else:
            row.status = TimerStatus.CANCELLED
    known = {row.id for row in rows}
    # Due times as the law counts them: stored rows win; a clock paused by a hold resumes.
    timers, resumed = deadlines.effective_timers(case, result.timers, rows, now, days_of)
    for timer in timers:
        if timer.task_id not in known:
            db.session.add(
                Timer(
                    id=timer.task_id,
                    case_id=case.id,
                    spec=timer.spec,
                    attached_to=timer.attached_to,
                    rule=timer.rule,
                    due_at=timer.due_at,
                    working_days=resumed.get(timer.task_id, days_of.get(timer.spec)),
                    created_at=now,
                )
            )
    due_by_task = {t.attached_to: t for t in timers if t.attached_to}

    # Human tasks: the projection mirrors exactly the engine's ready user tasks.
    ready = {t.task_id: t for t in result.ready_tasks}
    open_rows = (
        db.session.execute(
            sa.select(HumanTask).where(
                HumanTask.case_id == case.id, HumanTask.state == TaskState.READY
            )
        )
        .scalars()
        .all()
    )
    for row in open_rows:
        if row.id not in ready:
            row.state, row.finished_at = TaskState.CANCELLED, now
    open_ids = {row.id for row in open_rows}
    for view in result.ready_tasks:
        if view.task_id in open_ids:
            continue
        agency_id, unit_id = _task_owner(case, view.lane)
        timer = due_by_task.get(view.spec)
        db.session.add(
            HumanTask(
                id=view.task_id,
                case_id=case.id,
                spec=view.spec,
                label=view.label,
                lane=view.lane,
                form=view.form,
                status=view.status,
                escalation=view.escalation,
                instructions=view.instructions,
                agency_id=agency_id,
                unit_id=unit_id,
                due_at=timer.due_at if timer else None,
                due_rule=timer.rule if timer else None,
                due_working_days=days_of.get(timer.spec) if timer else None,
                created_at=now,
            )
        )
        audit.record(
            "task_assigned",
            actor=actor,
            case_id=case.id,
            now=now,
            payload={
                "task": view.spec,
                "label": view.label,
                "lane": view.lane,
                "agency": _code(Agency, agency_id),
                "unit": _code(Unit, unit_id),
                "escalation": view.escalation,
                "due_at": timer.due_at.isoformat() if timer else None,
                "rule": timer.rule if timer else None,
                "working_days": days_of.get(timer.spec) if timer else None,
                **(
                    {"resumed_working_days": resumed[timer.task_id]}
                    if timer and timer.task_id in resumed
                    else {}
                ),
            },
        )
        if view.escalation:
            case.escalation_level = max(case.escalation_level, view.escalation)
            outbox.enqueue(
                "escalation",
                f"escalation:{view.task_id}",
                case_id=case.id,
                payload={"task_id": view.task_id, "lane": view.lane, "level": view.escalation},
            )

    soonest = min(timers, key=lambda t: t.due_at, default=None)
    case.due_at = soonest.due_at if soonest else None
    case.due_rule = soonest.rule if soonest else None
    case.due_working_days = days_of.get(soonest.spec) if soonest else None

    new_status = CaseStatus(result.status) if result.status else case.status
    if new_status != case.status:
        audit.record(
            "status_changed",
            actor=actor,
            case_id=case.id,
            now=now,
            payload={
                "from": case.status.value,
                "to": new_status.value,
                "end_event": result.end_event,
            },
        )
        outbox.enqueue(
            "status_changed",
            f"status:{case.id}:{case.version}:{new_status.value}",
            case_id=case.id,
            payload={"from": case.status.value, "to": new_status.value},
        )
        case.status = new_status
    if case.status.is_final and case.closed_at is None:
        case.closed_at = now
    db.session.flush()


def _code(model: type[Agency] | type[Unit], row_id: int | None) -> str | None:
    if row_id is None:
        return None
    row = db.session.get(model, row_id)
    return row.code if row else None
