"""Reading and editing the working-day calendar."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from domain.db import db
from domain.sla.calendar import WorkingCalendar
from domain.sla.models import NonWorkingDay


def load_calendar() -> WorkingCalendar:
    """The calendar with every declared closure (a few dozen rows a year)."""
    rows = db.session.execute(sa.select(NonWorkingDay.day, NonWorkingDay.name)).all()
    return WorkingCalendar({row.day: row.name for row in rows})


def declare_non_working_day(day: date, name: str, kind: str = "cuti_bersama") -> NonWorkingDay:
    """Add or rename a cuti bersama; deadlines computed from now on respect it."""
    row = db.session.get(NonWorkingDay, day) or NonWorkingDay(day=day)
    row.name, row.kind = name, kind
    db.session.add(row)
    db.session.flush()
    return row


def remove_non_working_day(day: date) -> bool:
    """Withdraw a declared closure (a cuti bersama the government cancelled)."""
    row = db.session.get(NonWorkingDay, day)
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    return True


def year_calendar(year: int) -> list[tuple[date, str, str]]:
    """Every weekday closure of a year, sorted: (day, name, "national" | declared kind)."""
    from domain.sla.calendar import national_holidays

    days = {day: (name, "national") for day, name in national_holidays(year).items()}
    rows = db.session.execute(
        sa.select(NonWorkingDay)
        .where(NonWorkingDay.day.between(date(year, 1, 1), date(year, 12, 31)))
    ).scalars()
    days.update({row.day: (row.name, row.kind) for row in rows})
    return sorted((day, name, kind) for day, (name, kind) in days.items())
