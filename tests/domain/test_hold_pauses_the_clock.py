"""Waiting for the reporter stops the verification clock; it resumes with what was left."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.calendar import declare_non_working_day
from domain.cases.models import Timer
from domain.cases.responses import reporter_respond
from domain.db import db
from domain.enums import CaseStatus, Role, TimerStatus
from domain.sla.calendar import WIB, WorkingCalendar
from tests.factories import complete, create_user, ready_task, submit, sweep


def _clean_monday() -> date:
    """A Monday starting two weeks without holidays (any date works: the engine's clock is
    the operation's clock, engine/clock.py)."""
    calendar = WorkingCalendar()
    day = datetime.now(UTC).date() + timedelta(days=14)
    while True:
        day += timedelta(days=(7 - day.weekday()) % 7 or 7)
        if all(calendar.is_working_day(day + timedelta(days=n)) for n in (0, 1, 2, 3, 4, 7, 8, 9)):
            return day


MONDAY = _clean_monday()


def _wib(day_offset: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day_offset), time(hour, minute), WIB)


def _end_of(day_offset: int) -> datetime:
    return _wib(day_offset, 23, 59).replace(second=59).astimezone(UTC)


def test_leaving_hold_resumes_verification_with_the_working_days_left(world, clock):
    clock.freeze(_wib(0, 10))  # Monday
    coordinator = create_user(Role.COORDINATOR, "medan.secretariat")
    receipt = submit()
    case = receipt.case
    assert ready_task(case, "verify").due_at == _end_of(3)  # Thursday: 3 HK

    clock.freeze(_wib(1, 9))  # Tuesday: Tuesday used, Wednesday and Thursday left
    complete(case, "verify", coordinator, decision="hold",
             question="Mohon sebutkan nama puskesmas.")
    assert case.status == CaseStatus.HOLD

    # The reporter answers the next Monday. Like the day of filing, the day of resuming is
    # not counted; a fresh 3 HK would end on Thursday, the two days left end on Wednesday.
    clock.freeze(_wib(7, 8))
    reporter_respond(case.tracking_id, receipt.reporter_key,
                           {"additional_info": "Puskesmas Medan Baru, minggu lalu."})
    assert case.status == CaseStatus.VERIFICATION
    task = ready_task(case, "verify")
    assert task.due_at == _end_of(9) and task.due_rule == "verify_3hk"  # Wed: 2 HK left
    assert case.due_at == _end_of(9)
    timer = db.session.execute(sa.select(Timer).where(
        Timer.case_id == case.id, Timer.status == TimerStatus.PENDING)).scalar_one()
    assert timer.due_at == _end_of(9)
    assigned = db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == "task_assigned")
        .order_by(CaseEvent.seq.desc()).limit(1)).scalar_one()
    assert assigned.payload["resumed_working_days"] == 2
    assert assigned.payload["due_at"] == _end_of(9).isoformat()

    # The resumed deadline is the one that fires (the engine's own value is later).
    assert sweep(_end_of(9) - timedelta(seconds=1)) == 0
    assert sweep(_end_of(9) + timedelta(seconds=1)) == 1
    assert ready_task(case, "verify_national").escalation == 1


def test_a_declared_cuti_bersama_is_skipped_by_new_deadlines(world, clock):
    clock.freeze(_wib(0, 10))  # Monday
    declare_non_working_day(MONDAY + timedelta(days=2), "Cuti bersama (uji)")
    case = submit().case
    assert ready_task(case, "verify").due_at == _end_of(4)  # Wednesday skipped: Friday
