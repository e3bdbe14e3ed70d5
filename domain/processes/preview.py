"""The deadline preview of a draft: each changed timer on the real calendar, and the running
cases a migration from the latest version would move, with their old and new deadlines.

"Follow-up 5 → 4 working days: a task started today is due Tue 8 Dec instead of Wed 9 Dec"
is counted by the working-day calendar the sweeper uses (declared cuti bersama included),
from the operation's clock. The running cases are those on the draft's base version (the
model's latest); their moves are exactly what `migration.migrate_case` would write
(`domain.cases.retiming.new_due`), read without writing anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from domain.cases.models import Case, Timer
from domain.cases.retiming import new_due
from domain.db import db
from domain.enums import CaseStatus, TimerStatus
from domain.processes.models import ProcessVersion
from domain.processes.plain_diff import Statement
from domain.sla.operations import load_calendar

CASES_SHOWN = 50  # the page lists this many moved cases; the count covers all


@dataclass(frozen=True)
class TimerChange:
    """A timer whose length changed, read on the calendar from `start` (today)."""

    element_id: str
    task: str
    rule: str | None
    old_days: int
    new_days: int
    start: datetime
    old_due: datetime
    new_due: datetime


@dataclass(frozen=True)
class CaseMove:
    """A running case whose waiting deadline would move."""

    tracking_id: str
    element_id: str
    old_due: datetime
    new_due: datetime


@dataclass
class DeadlinePreview:
    """Timer changes; running cases on the base version; the moves a migration would make."""

    version: int | None
    timers: list[TimerChange] = field(default_factory=list)
    running: int = 0
    moved: int = 0
    moves: list[CaseMove] = field(default_factory=list)


def _timer_changes(plain: list[Statement], now: datetime) -> list[TimerChange]:
    calendar, found = load_calendar(), []
    for fact in plain:
        p = fact.params
        if fact.code in ("deadline_shortened", "deadline_lengthened"):
            found.append(TimerChange(
                fact.element_id, p["task"], p.get("rule"), p["old"], p["new"], now,
                calendar.add_working_days(now, p["old"]), calendar.add_working_days(now, p["new"])))
    return found


def deadline_preview(base: ProcessVersion | None, new_meta: Mapping[str, Any],
                     plain: list[Statement], now: datetime) -> DeadlinePreview:
    """What the draft's timers mean on the calendar and for the cases running on `base`."""
    preview = DeadlinePreview(base.number if base else None, _timer_changes(plain, now))
    if base is None:
        return preview
    preview.running = db.session.execute(
        sa.select(sa.func.count()).select_from(Case).where(
            Case.process_version_id == base.id,
            Case.status.not_in([CaseStatus.CLOSED, CaseStatus.ARCHIVED]))
    ).scalar_one()
    changed = [t.element_id for t in preview.timers]
    if not changed:
        return preview
    calendar, seen = load_calendar(), set()
    rows = db.session.execute(
        sa.select(Timer, Case.tracking_id).join(Case, Case.id == Timer.case_id).where(
            Case.process_version_id == base.id, Timer.status == TimerStatus.PENDING,
            Timer.spec.in_(changed)).order_by(Timer.case_id, Timer.due_at)
    ).all()
    for row, tracking_id in rows:
        due = new_due(row, base.meta, new_meta, calendar)
        if due is not None:
            seen.add(row.case_id)
            if len(preview.moves) < CASES_SHOWN:
                preview.moves.append(CaseMove(tracking_id, row.spec, row.due_at, due))
    preview.moved = len(seen)
    return preview
