"""Running a case's workflow and projecting the result into Aduan's tables.

One call = one engine operation inside the caller's transaction: lock the case (conditional
version bump), run the engine, then `projection.project` writes the instance state, the
human-task and timer projections, the case's status and facts, the audit events and the
outbox rows. Nothing commits here; the request, job or CLI command that called us does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

import engine
from domain.audit import operations as audit
from domain.cases.models import Case, HumanTask, Timer, WorkflowState
from domain.cases.projection import project
from domain.db import db
from domain.enums import TaskState
from domain.errors import Conflict
from domain.processes.operations import definition
from domain.processes.vocabulary import VOCABULARY
from domain.sla.operations import load_calendar


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
        raise Conflict("case_changed")
    db.session.refresh(case)


def run_start(case: Case, data: dict[str, Any], now: datetime, actor: str) -> engine.RunResult:
    spec, meta, _ = definition(case.process_version_id)
    result = engine.start(spec, meta, data, helpers_at(now), vocabulary=VOCABULARY, now=now)
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
        result = engine.complete(
            spec, meta, state.state, task.id, data, helpers_at(now), vocabulary=VOCABULARY, now=now
        )
    except LookupError as exc:
        raise Conflict("task_not_waiting") from exc
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
        spec, meta, state.state, [t.id for t in timers], helpers_at(now),
        vocabulary=VOCABULARY, now=now,
    )
    project(case, result, now, "system:timer")
    return result
