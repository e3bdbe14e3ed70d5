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
from domain.sla import cache as calendar_cache
from domain.sla.calendar import national_holidays


def helpers_at(now: datetime) -> dict[str, Callable[..., Any]]:
    """Functions BPMN expressions may call, bound to this operation's clock and calendar."""
    calendar = calendar_cache.current_calendar()
    # The holiday tables of this year and the next are built on first use (the `holidays`
    # package computes them, a second or more on a loaded machine): build them here, not
    # inside an expression, whose time limit would count them.
    for year in (now.year, now.year + 1):
        national_holidays(year)

    def working_days(n: int) -> str:
        return calendar.add_working_days(now, int(n)).isoformat()

    return {"working_days": working_days}


def lock_case(case: Case, expected_version: int | None) -> None:
    """Claim the case for this transaction, or fail with 409 if someone changed it first.

    A conditional UPDATE is both the optimistic check and (on PostgreSQL) the row lock: a
    concurrent second click blocks here, then finds the version moved and gets Conflict.
    The UPDATE returns the row it locked, so the case is re-read in the same statement.
    """
    expected = case.version if expected_version is None else expected_version
    locked = db.session.execute(
        sa.update(Case)
        .where(Case.id == case.id, Case.version == expected)
        .values(version=Case.version + 1)
        .returning(Case)
        .execution_options(synchronize_session=False, populate_existing=True)
    ).scalar_one_or_none()
    if locked is None:
        raise Conflict("case_changed")


def run_start(case: Case, data: dict[str, Any], now: datetime, actor: str) -> engine.RunResult:
    spec, meta, _ = definition(case.process_version_id)
    result = engine.start(spec, meta, data, helpers_at(now), vocabulary=VOCABULARY, now=now)
    state = WorkflowState(case_id=case.id, state=result.state, facts={}, updated_at=now)
    db.session.add(state)
    project(case, result, now, actor, state=state, new_case=True)
    return result


def run_complete(
    case: Case,
    task: HumanTask,
    data: dict[str, Any],
    now: datetime,
    actor: str,
    actor_id: int | None,
) -> engine.RunResult:
    with db.session.no_autoflush:  # everything is written by the projection's one flush
        return _run_complete(case, task, data, now, actor, actor_id)


def _run_complete(
    case: Case, task: HumanTask, data: dict[str, Any], now: datetime, actor: str,
    actor_id: int | None,
) -> engine.RunResult:
    spec, meta, _ = definition(case.process_version_id)
    state = _instance_state(case)
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
    project(case, result, now, actor, state=state)
    return result


def _instance_state(case: Case) -> WorkflowState:
    """The instance's saved state, with the calendar's token read in the same statement."""
    state, token = db.session.execute(
        sa.select(WorkflowState, calendar_cache.version_column())
        .where(WorkflowState.case_id == case.id)
    ).one()
    calendar_cache.note_token(token)
    return state


def run_fire(case: Case, timers: list[Timer], now: datetime) -> engine.RunResult:
    spec, meta, _ = definition(case.process_version_id)
    state = _instance_state(case)
    result = engine.fire_timers(
        spec, meta, state.state, [t.id for t in timers], helpers_at(now),
        vocabulary=VOCABULARY, now=now,
    )
    project(case, result, now, "system:timer", state=state)
    return result
