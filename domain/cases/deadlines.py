"""Deadlines as the law counts them, where that differs from what the engine stored.

The verification clock pauses while the case waits for the reporter (tunda): when the case
comes back from hold, verification gets the working days that were left, not a fresh 3 HK.
The engine evaluates `working_days(3)` again on re-entry; our timer row (which decides when
the timer fires, see engine/runtime.py) and the task's deadline take the resumed value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from domain.cases.models import Case, HumanTask, Timer
from domain.db import db
from domain.enums import CaseStatus, TaskState
from domain.sla.operations import load_calendar
from domain.sla.rules import RULES
from engine.types import PendingTimer


def working_days_left(case: Case, timer: PendingTimer) -> int | None:
    """Working days left on the paused clock this timer resumes; None if it starts afresh.

    The clock resumes when the case leaves hold and the timer's rule says so. What was left
    is read off the previous run of the same task: the whole working days between the day
    it was put on hold and its deadline (a deadline already reduced by an earlier hold
    carries over, so several holds add up correctly).
    """
    rule = RULES.get(timer.rule)
    if rule is None or not rule.resumes_after_hold or not timer.attached_to:
        return None
    if case.status != CaseStatus.HOLD:
        return None
    previous = db.session.execute(
        sa.select(HumanTask)
        .where(HumanTask.case_id == case.id, HumanTask.spec == timer.attached_to,
               HumanTask.state == TaskState.COMPLETED, HumanTask.due_at.is_not(None))
        .order_by(HumanTask.finished_at.desc()).limit(1)
    ).scalar_one_or_none()
    if previous is None or previous.finished_at is None:
        return None
    left = load_calendar().working_days_between(previous.finished_at, previous.due_at)
    return max(0, min(left, rule.working_days))


def effective_timers(case: Case, timers: Iterable[PendingTimer], rows: Iterable[Timer],
                     now: datetime) -> tuple[list[PendingTimer], dict[str, int]]:
    """The engine's pending timers with our due times: stored rows win, resumed clocks apply.

    Returns the timers and, for each resumed one, the working days that were left.
    """
    stored = {row.id: row.due_at for row in rows}
    result, resumed = [], {}
    for timer in timers:
        if timer.task_id in stored:
            timer = dataclasses.replace(timer, due_at=stored[timer.task_id])
        elif (left := working_days_left(case, timer)) is not None:
            due = load_calendar().add_working_days(now, left)
            timer = dataclasses.replace(timer, due_at=min(due, timer.due_at))
            resumed[timer.task_id] = left
        result.append(timer)
    return result, resumed
