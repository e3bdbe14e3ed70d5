"""Declaring or withdrawing a non-working day, and the running deadlines it moves.

The calendar (`domain.sla`) knows nothing of cases; cases build on the calendar. So the
edit is composed here, in one transaction: write the day (`domain.sla.operations`), move
every running deadline whose window holds it if the day changed kind
(`domain.cases.deadlines.recompute_for_day`, one `deadline_recomputed` event per case),
then record the change on the system chain with the number of cases moved.
"""

from __future__ import annotations

from datetime import date

from domain.audit.actors import actor as actor_of
from domain.cases.deadlines import recompute_for_day
from domain.clock import clock
from domain.org.models import User
from domain.sla import operations as sla
from domain.sla.operations import CalendarChange, DayEdit


def declare_non_working_day(day: date, name: str, kind: str = "cuti_bersama", *,
                            actor: User | None = None) -> CalendarChange:
    """Add or rename a cuti bersama; running deadlines whose window holds it move later."""
    return _follow(sla.write_non_working_day(day, name, kind), actor)


def remove_non_working_day(day: date, *, actor: User | None = None) -> CalendarChange | None:
    """Withdraw a declared closure (a cuti bersama the government cancelled); None if absent.

    Running deadlines whose window holds the day move back earlier.
    """
    edit = sla.delete_non_working_day(day)
    return None if edit is None else _follow(edit, actor)


def _follow(edit: DayEdit, actor: User | None) -> CalendarChange:
    """Recompute the running deadlines (if the day changed kind) and audit the change."""
    now = clock.now()
    moved: list[int] = []
    if edit.changed_kind:
        moved = recompute_for_day(edit.day, edit.before, edit.after, now, actor_of(actor))
    return sla.record_calendar_change(edit, moved, actor, now)
