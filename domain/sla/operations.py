"""Reading and editing the working-day calendar.

This module writes the calendar and records the change on the system chain; it knows
nothing of cases. Declaring or withdrawing a day changes what counts as a working day, so
the running deadlines whose window holds it move too, in the same transaction: callers go
through `domain.cases.calendar`, which edits the day here, recomputes the deadlines
(`domain.cases.deadlines.recompute_for_day`) and then records the change here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.db import db
from domain.errors import InvalidData
from domain.org.models import User
from domain.sla.calendar import WorkingCalendar, national_holidays
from domain.sla.models import NonWorkingDay
from domain.text import has_control_chars

KINDS = ("cuti_bersama", "closure")
NAME_MAX = 200


@dataclass(frozen=True)
class CalendarChange:
    """What a declaration or withdrawal did: the day and the cases whose deadline moved."""

    day: date
    name: str
    kind: str
    moved_cases: list[int] = field(default_factory=list)


def load_calendar() -> WorkingCalendar:
    """The calendar with every declared closure (a few dozen rows a year)."""
    rows = db.session.execute(sa.select(NonWorkingDay.day, NonWorkingDay.name)).all()
    return WorkingCalendar({row.day: row.name for row in rows})


@dataclass(frozen=True)
class DayEdit:
    """A declared day written or deleted (flushed), with the calendar before and after."""

    day: date
    name: str
    kind: str
    change: str  # "declared", "renamed" or "removed"
    before: WorkingCalendar
    after: WorkingCalendar

    @property
    def changed_kind(self) -> bool:
        """Whether the day went from working to non-working or back (a rename does not)."""
        return self.before.is_working_day(self.day) != self.after.is_working_day(self.day)


def write_non_working_day(day: date, name: str, kind: str = "cuti_bersama") -> DayEdit:
    """Add or rename a cuti bersama (deadlines move in `domain.cases.calendar`)."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise InvalidData("day_name_length", details={"name": ["length"]}, max=NAME_MAX)
    if has_control_chars(name):  # NUL above all: PostgreSQL text cannot hold it
        raise InvalidData("day_name_control_characters",
                          details={"name": ["control_characters"]})
    if kind not in KINDS:
        raise InvalidData("day_kind_unknown", details={"kind": ["one_of"]},
                          choices=", ".join(KINDS))
    before = load_calendar()
    row = db.session.get(NonWorkingDay, day) or NonWorkingDay(day=day)
    change = "renamed" if row.name else "declared"
    row.name, row.kind = name, kind
    db.session.add(row)
    db.session.flush()
    return DayEdit(day, name, kind, change, before, load_calendar())


def delete_non_working_day(day: date) -> DayEdit | None:
    """Withdraw a declared closure; None if absent (deadlines move in `domain.cases.calendar`)."""
    row = db.session.get(NonWorkingDay, day)
    if row is None:
        return None
    before = load_calendar()
    name, kind = row.name, row.kind
    db.session.delete(row)
    db.session.flush()
    return DayEdit(day, name, kind, "removed", before, load_calendar())


def record_calendar_change(edit: DayEdit, moved: list[int], actor: User | None,
                           now: datetime) -> CalendarChange:
    """Audit the edit, with how many running deadlines it moved, on the system chain."""
    audit.record("calendar_changed", actor=actor_of(actor), now=now,
                 payload={"change": edit.change, "day": edit.day.isoformat(),
                          "name": edit.name, "kind": edit.kind, "moved_cases": len(moved)})
    return CalendarChange(edit.day, edit.name, edit.kind, moved)


def year_calendar(year: int) -> list[tuple[date, str, str]]:
    """Every weekday closure of a year, sorted: (day, name, "national" | declared kind)."""
    days = {day: (name, "national") for day, name in national_holidays(year).items()}
    rows = db.session.execute(
        sa.select(NonWorkingDay)
        .where(NonWorkingDay.day.between(date(year, 1, 1), date(year, 12, 31)))
    ).scalars()
    days.update({row.day: (row.name, row.kind) for row in rows})
    return sorted((day, name, kind) for day, (name, kind) in days.items())
