"""A deadline moved by the calendar reschedules its timer's job at the new due time."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from rq.registry import ScheduledJobRegistry

from domain.cases.calendar import declare_non_working_day, remove_non_working_day
from domain.cases.models import Timer
from domain.db import db
from domain.enums import TimerStatus
from domain.sla.calendar import WIB
from domain.sla.operations import load_calendar
from jobs import queues
from tests.factories import submit


def _scheduled(redis_conn) -> dict[str, float]:
    registry = ScheduledJobRegistry(queues.TIMERS, connection=redis_conn)
    return {job_id: redis_conn.zscore(registry.key, job_id) for job_id in registry.get_job_ids()}


def test_declaring_a_day_moves_the_scheduled_job_and_removing_moves_it_back(
        committed_world, redis_conn):
    case = submit().case
    db.session.commit()
    timer = db.session.execute(sa.select(Timer).where(
        Timer.case_id == case.id, Timer.status == TimerStatus.PENDING)).scalar_one()
    job_id, old_due = f"timer-{timer.id}", timer.due_at
    assert _scheduled(redis_conn) == {job_id: int(old_due.timestamp())}
    calendar, day = load_calendar(), timer.created_at.astimezone(WIB).date()
    day += timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)

    declare_non_working_day(day, "Cuti bersama (uji)")
    assert _scheduled(redis_conn) == {job_id: int(old_due.timestamp())}  # not before commit
    db.session.commit()
    assert timer.due_at > old_due
    assert _scheduled(redis_conn) == {job_id: int(timer.due_at.timestamp())}

    remove_non_working_day(day)
    db.session.commit()
    assert timer.due_at == old_due
    assert _scheduled(redis_conn) == {job_id: int(old_due.timestamp())}
