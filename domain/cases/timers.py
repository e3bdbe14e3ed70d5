"""Workflow timers coming due: the sweeper's work list and firing one timer exactly once."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from domain.cases.models import Case, Timer
from domain.cases.workflow import lock_case, run_fire
from domain.db import db
from domain.enums import TimerStatus


def fire_timer(timer_id: str, as_of: datetime) -> bool:
    """Fire one due timer exactly once; False when it is not due, gone or already fired.

    The conditional claim (`status = pending`, row locked with SKIP LOCKED on PostgreSQL)
    makes a second delivery of the same job, or a sweeper racing the job, a harmless no-op.
    """
    query = sa.select(Timer).where(
        Timer.id == timer_id, Timer.status == TimerStatus.PENDING, Timer.due_at <= as_of
    )
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    timer = db.session.execute(query).scalar_one_or_none()
    if timer is None:
        return False
    case = db.session.get(Case, timer.case_id)
    lock_case(case, None)
    run_fire(case, [timer], as_of)
    if timer.status == TimerStatus.PENDING:  # the engine no longer waited on it
        timer.status = TimerStatus.CANCELLED
        db.session.flush()
        return False
    return True


def due_timer_ids(as_of: datetime, limit: int = 500) -> list[str]:
    """Pending timers due by `as_of`, oldest first (the sweeper's work list)."""
    return list(
        db.session.execute(
            sa.select(Timer.id)
            .where(Timer.status == TimerStatus.PENDING, Timer.due_at <= as_of)
            .order_by(Timer.due_at)
            .limit(limit)
        ).scalars()
    )
