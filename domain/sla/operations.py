"""Reading and editing the working-day calendar.

Declaring or withdrawing a day changes what counts as a working day, so the running
deadlines whose window holds that day are recomputed in the same transaction
(`domain.cases.deadlines.recompute_for_day`); the change itself goes on the system chain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.clock import clock
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


def _apply(before: WorkingCalendar, day: date, change: str, name: str, kind: str,
           actor: User | None) -> list[int]:
    """Recompute the running deadlines (if the day changed kind) and audit the change."""
    from domain.cases.deadlines import recompute_for_day  # cases builds on the calendar

    now = clock.now()
    after = load_calendar()
    moved: list[int] = []
    if before.is_working_day(day) != after.is_working_day(day):
        moved = recompute_for_day(day, before, after, now, actor_of(actor))
    audit.record("calendar_changed", actor=actor_of(actor), now=now,
                 payload={"change": change, "day": day.isoformat(), "name": name,
                          "kind": kind, "moved_cases": len(moved)})
    return moved


def declare_non_working_day(day: date, name: str, kind: str = "cuti_bersama", *,
                            actor: User | None = None) -> CalendarChange:
    """Add or rename a cuti bersama; running deadlines whose window holds it move later."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise InvalidData("the day needs a name of 1 to 200 characters",
                          details={"name": [f"1 to {NAME_MAX} characters"]})
    if has_control_chars(name):  # NUL above all: PostgreSQL text cannot hold it
        raise InvalidData("the name holds a control character",
                          details={"name": ["control character"]})
    if kind not in KINDS:
        raise InvalidData("unknown kind of day", details={"kind": [", ".join(KINDS)]})
    before = load_calendar()
    row = db.session.get(NonWorkingDay, day) or NonWorkingDay(day=day)
    change = "renamed" if row.name else "declared"
    row.name, row.kind = name, kind
    db.session.add(row)
    db.session.flush()
    moved = _apply(before, day, change, name, kind, actor)
    return CalendarChange(day, name, kind, moved)


def remove_non_working_day(day: date, *, actor: User | None = None) -> CalendarChange | None:
    """Withdraw a declared closure (a cuti bersama the government cancelled); None if absent.

    Running deadlines whose window holds the day move back earlier.
    """
    row = db.session.get(NonWorkingDay, day)
    if row is None:
        return None
    before = load_calendar()
    name, kind = row.name, row.kind
    db.session.delete(row)
    db.session.flush()
    moved = _apply(before, day, "removed", name, kind, actor)
    return CalendarChange(day, name, kind, moved)


def year_calendar(year: int) -> list[tuple[date, str, str]]:
    """Every weekday closure of a year, sorted: (day, name, "national" | declared kind)."""
    days = {day: (name, "national") for day, name in national_holidays(year).items()}
    rows = db.session.execute(
        sa.select(NonWorkingDay)
        .where(NonWorkingDay.day.between(date(year, 1, 1), date(year, 12, 31)))
    ).scalars()
    days.update({row.day: (row.name, row.kind) for row in rows})
    return sorted((day, name, kind) for day, (name, kind) in days.items())
