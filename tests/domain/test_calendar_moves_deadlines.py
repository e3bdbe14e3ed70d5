"""Declaring or withdrawing a cuti bersama moves the running deadlines whose window holds it."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

import engine
from domain.audit.models import CaseEvent
from domain.cases.calendar import declare_non_working_day, remove_non_working_day
from domain.cases.models import Timer, WorkflowState
from domain.cases.workflow import helpers_at
from domain.db import db
from domain.enums import Role, TimerStatus
from domain.processes.operations import definition
from domain.processes.vocabulary import VOCABULARY
from domain.sla.calendar import WIB
from domain.sla.operations import load_calendar
from tests.factories import create_user, ready_task, submit, sweep


def _timer(case_id: int) -> Timer:
    return db.session.execute(sa.select(Timer).where(
        Timer.case_id == case_id, Timer.status == TimerStatus.PENDING)).scalar_one()


def _events(kind: str, case_id: int | None = None) -> list[CaseEvent]:
    query = sa.select(CaseEvent).where(CaseEvent.kind == kind).order_by(CaseEvent.id)
    if case_id is not None:
        query = query.where(CaseEvent.case_id == case_id)
    return list(db.session.execute(query).scalars())


def _first_working_day_after(moment: datetime):
    calendar, day = load_calendar(), moment.astimezone(WIB).date()
    while True:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            return day


def test_declaring_a_day_inside_the_window_moves_the_deadline_and_removing_moves_it_back(
        world, clock):
    case = submit().case
    timer, task = _timer(case.id), ready_task(case, "verify")
    old_due = timer.due_at
    assert timer.working_days == 3 and task.due_working_days == 3
    assert task.due_at == case.due_at == old_due
    day = _first_working_day_after(timer.created_at)  # inside created_at..due_at
    expected = load_calendar().add_working_days(old_due, 1)  # one working day later

    admin = create_user(Role.NATIONAL_ADMIN)
    change = declare_non_working_day(day, "Cuti bersama (uji)", actor=admin)
    assert change.moved_cases == [case.id]
    assert timer.due_at == task.due_at == case.due_at == expected
    assert case.due_working_days == 3
    [moved] = _events("deadline_recomputed", case.id)
    assert moved.actor == f"user:{admin.id}"
    assert moved.payload["day"] == day.isoformat() and moved.payload["non_working"] is True
    assert moved.payload["timers"] == [{
        "timer": "verify_late", "rule": "verify_3hk", "task": "verify", "working_days": 3,
        "from": old_due.isoformat(), "to": expected.isoformat()}]
    [declared] = _events("calendar_changed")
    assert declared.chain == "system" and declared.case_id is None
    assert declared.payload == {"change": "declared", "day": day.isoformat(),
                                "name": "Cuti bersama (uji)", "kind": "cuti_bersama",
                                "moved_cases": 1}
    # The old due time passes: our row says not yet, and so does the engine's own copy.
    assert sweep(old_due + timedelta(hours=1)) == 0
    spec, meta, _ = definition(case.process_version_id)
    state = db.session.get(WorkflowState, case.id).state
    later = old_due + timedelta(hours=1)
    idle = engine.fire_timers(spec, meta, state, [], helpers_at(later), vocabulary=VOCABULARY,
                              now=later)
    assert idle.fired_timers == []

    change = remove_non_working_day(day)
    assert change is not None and change.moved_cases == [case.id]
    assert timer.due_at == task.due_at == case.due_at == old_due
    back = _events("deadline_recomputed", case.id)[-1]
    assert back.actor == "system" and back.payload["non_working"] is False
    assert [e.payload["change"] for e in _events("calendar_changed")] == ["declared", "removed"]


def test_the_engine_would_fire_early_without_its_copy_moved(world, clock):
    """Why the engine's stored due time moves too: it fires a past timer on any operation."""
    case = submit().case
    old_due = _timer(case.id).due_at
    spec, meta, _ = definition(case.process_version_id)
    state = db.session.get(WorkflowState, case.id).state
    later = old_due + timedelta(hours=1)
    result = engine.fire_timers(spec, meta, state, [], helpers_at(later), vocabulary=VOCABULARY,
                              now=later)
    assert result.fired_timers == [_timer(case.id).id]


def test_days_outside_the_window_and_renames_move_nothing(world, clock):
    case = submit().case
    timer = _timer(case.id)
    due = timer.due_at
    after_due = _first_working_day_after(due)
    assert declare_non_working_day(after_due, "Cuti bersama (uji)").moved_cases == []
    created_day = timer.created_at.astimezone(WIB).date()
    if load_calendar().is_working_day(created_day):  # the day a clock starts is not counted
        assert declare_non_working_day(created_day, "Cuti bersama (uji)").moved_cases == []
    assert timer.due_at == due
    day = _first_working_day_after(timer.created_at)
    declare_non_working_day(day, "Cuti bersama (uji)")
    moved_due = timer.due_at
    renamed = declare_non_working_day(day, "Cuti bersama Idulfitri (uji)")
    assert renamed.moved_cases == [] and timer.due_at == moved_due
    assert _events("calendar_changed")[-1].payload["change"] == "renamed"


def test_a_row_without_its_length_is_recomputed_from_its_window(world, clock):
    """Rows written before timers kept their length: the old window's working days count."""
    case = submit().case
    timer = _timer(case.id)
    timer.working_days = None
    old_due = timer.due_at
    declare_non_working_day(_first_working_day_after(timer.created_at), "Cuti bersama (uji)")
    assert timer.due_at == load_calendar().add_working_days(old_due, 1)
    assert timer.working_days == 3


def test_a_day_needs_a_name(world):
    import pytest

    from domain.errors import InvalidData

    with pytest.raises(InvalidData):
        declare_non_working_day(datetime.now(WIB).date(), "   ")
