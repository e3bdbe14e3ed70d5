"""Working days: weekends, national holidays and cuti bersama are skipped."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.cases.calendar import declare_non_working_day
from domain.sla.calendar import WIB, WorkingCalendar
from domain.sla.operations import load_calendar


def test_three_working_days_skip_the_weekend():
    calendar = WorkingCalendar()
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=WIB)
    due = calendar.add_working_days(friday, 3).astimezone(WIB)
    assert due.date() == date(2026, 11, 25) and (due.hour, due.minute) == (23, 59)


def test_national_holiday_is_skipped():
    calendar = WorkingCalendar()
    # 2026-12-25 (Friday) is Christmas: three working days from Wednesday 23rd end on Tue 29th.
    due = calendar.add_working_days(datetime(2026, 12, 23, 9, tzinfo=WIB), 3).astimezone(WIB)
    assert calendar.non_working_reason(date(2026, 12, 25))
    assert due.date() == date(2026, 12, 29)


def test_cuti_bersama_from_the_database_is_skipped(db_session):
    before = load_calendar().add_working_days(datetime(2026, 12, 21, 9, tzinfo=WIB), 2)
    declare_non_working_day(date(2026, 12, 22), "Cuti bersama (uji)")
    after = load_calendar().add_working_days(datetime(2026, 12, 21, 9, tzinfo=WIB), 2)
    assert (after - before).days == 1


def test_deadline_is_end_of_day_in_wib_and_returned_in_utc():
    calendar = WorkingCalendar()
    due = calendar.add_working_days(datetime(2026, 11, 23, 1, tzinfo=UTC), 1)
    assert due.tzinfo == UTC and due == datetime(2026, 11, 24, 16, 59, 59, tzinfo=UTC)


def test_counting_working_days_between_two_moments():
    calendar = WorkingCalendar()
    start = datetime(2026, 11, 20, 9, tzinfo=WIB)  # Friday
    assert calendar.working_days_between(start, datetime(2026, 11, 24, 9, tzinfo=WIB)) == 2


def test_unreasonable_counts_are_refused():
    import pytest

    with pytest.raises(ValueError):
        WorkingCalendar().add_working_days(datetime(2026, 1, 1, tzinfo=UTC), 10_000)
