"""A running deadline under another version's timer: what a migration does to it.

When a process owner shortens the follow-up from 5 to 4 working days and moves the running
cases onto the new version, a case already waiting on the follow-up gets the new length,
counted again from when its clock started (`timer.created_at`) on the working-day calendar.
A clock resumed after a hold (`working_days` below the timer's own length) keeps what it
had left: that is the law's count, not the diagram's. The studio's deadline preview
(`domain.processes.preview`) asks `new_due` without writing; `retime_case` writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa

import engine
from domain.cases.models import Case, HumanTask, Timer, WorkflowState
from domain.db import db
from domain.enums import TaskState, TimerStatus
from domain.sla.calendar import WorkingCalendar

Meta = Mapping[str, Mapping[str, Any]]


def _days(meta: Meta, spec: str) -> int | None:
    value = meta.get(spec, {}).get("timer_working_days")
    return value if isinstance(value, int) else None


def new_due(row: Timer, old_meta: Meta, new_meta: Meta,
            calendar: WorkingCalendar) -> datetime | None:
    """The row's due time under `new_meta`, or None when it would not move."""
    before, after = _days(old_meta, row.spec), _days(new_meta, row.spec)
    if before is None or after is None or before == after:
        return None
    if row.working_days not in (None, before):
        return None  # a clock resumed after a hold keeps the days it had left
    due = calendar.add_working_days(row.created_at, after)
    return None if due == row.due_at else due


def pending_timers(case_ids: list[int]) -> dict[int, list[Timer]]:
    """The waiting timer rows of these cases, by case."""
    rows = db.session.execute(
        sa.select(Timer).where(Timer.case_id.in_(case_ids), Timer.status == TimerStatus.PENDING)
        .order_by(Timer.case_id, Timer.due_at)
    ).scalars() if case_ids else []
    found: dict[int, list[Timer]] = {}
    for row in rows:
        found.setdefault(row.case_id, []).append(row)
    return found


def retime_case(case: Case, old_meta: Meta, new_meta: Meta,
                calendar: WorkingCalendar) -> list[dict[str, Any]]:
    """Give the case's waiting timers the new version's lengths (rows, tasks, the engine's
    copy, the case's soonest deadline). Returns one change per moved timer, for the audit."""
    changes = []
    rows = pending_timers([case.id]).get(case.id, [])
    for row in rows:
        due = new_due(row, old_meta, new_meta, calendar)
        if due is None:
            continue
        changes.append({"timer": row.spec, "rule": row.rule, "from": row.due_at.isoformat(),
                        "to": due.isoformat(), "working_days": _days(new_meta, row.spec)})
        old, row.due_at, row.working_days = row.due_at, due, _days(new_meta, row.spec)
        for task in db.session.execute(sa.select(HumanTask).where(
                HumanTask.case_id == case.id, HumanTask.spec == row.attached_to,
                HumanTask.state == TaskState.READY, HumanTask.due_at == old)).scalars():
            task.due_at = due
    if not changes:
        return []
    state = db.session.get(WorkflowState, case.id)
    state.state = engine.move_timers(state.state, {row.id: row.due_at for row in rows})
    soonest = min(rows, key=lambda r: (r.due_at, r.id))
    case.due_at, case.due_rule = soonest.due_at, soonest.rule
    case.due_working_days = _days(new_meta, soonest.spec)
    db.session.flush()
    return changes
