"""The deadline preview in words: a timer's change read on the calendar, a case's move.

Dates are the deadline's day in Indonesia's western time (WIB), as the desk shows them, with
the weekday: "Sel 8 Des 2026" / "Tue 8 Dec 2026".
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _

from domain.processes.preview import CaseMove, TimerChange
from domain.sla.calendar import WIB

DAY = "EEE d MMM yyyy"


def day(value: datetime) -> str:
    """The calendar day of a moment, with its weekday."""
    return format_date(value.astimezone(WIB).date(), DAY)


def timer_sentence(change: TimerChange) -> str:
    """"Follow-up: 5 → 4 working days: a task that starts today is due ... instead of ..."."""
    return _("“%(task)s”: %(old)d → %(new)d hari kerja. Tugas yang mulai hari ini "
             "(%(today)s) jatuh tempo %(new_due)s, bukan %(old_due)s.",
             task=change.task, old=change.old_days, new=change.new_days,
             today=day(change.start), new_due=day(change.new_due), old_due=day(change.old_due))


def move_sentence(move: CaseMove) -> str:
    return _("tenggat %(old_due)s → %(new_due)s", old_due=day(move.old_due),
             new_due=day(move.new_due))
