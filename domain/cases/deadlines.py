"""Deadlines as the law counts them, where that differs from what the engine stored.

A declared or withdrawn cuti bersama moves the running deadlines whose window holds that
day (`recompute_for_day`), since a deadline counts working days and the day changed kind.

The verification clock pauses while the case waits for the reporter (tunda): when the case
comes back from hold, verification gets the working days that were left, not a fresh 3 HK.
The engine evaluates `working_days(3)` again on re-entry; our timer row (which decides when
the timer fires, see engine/runtime.py) and the task's deadline take the resumed value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time

import sqlalchemy as sa

import engine
from domain.audit import operations as audit
from domain.cases.models import Case, HumanTask, Timer, WorkflowState
from domain.db import db
from domain.enums import CaseStatus, TaskState, TimerStatus
from domain.processes.operations import definition
from domain.sla.cache import current_calendar
from domain.sla.calendar import WIB, WorkingCalendar
from domain.sla.rules import RULES
from engine.types import PendingTimer


def working_days_left(case: Case, timer: PendingTimer, days: int | None = None) -> int | None:
    """Working days left on the paused clock this timer resumes; None if it starts afresh.

    The clock resumes when the case leaves hold and the timer's rule says so. What was left
    is read off the previous run of the same task: the whole working days between the day
    it was put on hold and its deadline (a deadline already reduced by an earlier hold
    carries over, so several holds add up correctly). Never more than the timer's own
    `days` (its working_days(n)), or the rule's maximum when those are unknown.
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
    left = current_calendar().working_days_between(previous.finished_at, previous.due_at)
    return max(0, min(left, rule.working_days if days is None else days))


def effective_timers(case: Case, timers: Iterable[PendingTimer], rows: Iterable[Timer],
                     now: datetime, days: Mapping[str, int | None] | None = None,
                     ) -> tuple[list[PendingTimer], dict[str, int]]:
    """The engine's pending timers with our due times: stored rows win, resumed clocks apply.

    `days` is each timer element's working_days(n) (from the version's metadata). Returns
    the timers and, for each resumed one, the working days that were left.
    """
    stored = {row.id: row.due_at for row in rows}
    result, resumed = [], {}
    for timer in timers:
        if timer.task_id in stored:
            timer = dataclasses.replace(timer, due_at=stored[timer.task_id])
        elif (left := working_days_left(case, timer, (days or {}).get(timer.spec))) is not None:
            due = current_calendar().add_working_days(now, left)
            timer = dataclasses.replace(timer, due_at=min(due, timer.due_at))
            resumed[timer.task_id] = left
        result.append(timer)
    return result, resumed


def _window_start(day: date) -> datetime:
    return datetime.combine(day, time(0), WIB).astimezone(UTC)


def recompute_for_day(day: date, before: WorkingCalendar, after: WorkingCalendar,
                      now: datetime, actor: str, batch: int = 500) -> list[int]:
    """Move every running deadline whose window holds `day` after the calendar changed.

    A timer's window runs from the day after it was created (the day a clock starts or
    resumes is never counted) to its due day. Its new due time counts the timer's working
    days again from `created_at` on the new calendar; the task waiting on it, the case's
    soonest deadline and the engine's own copy of the due time follow, and the case's chain
    records a `deadline_recomputed` event. Returns the ids of the cases whose deadline moved.
    Cases are locked (row lock on PostgreSQL) before their timers are read, so a concurrent
    step on the same case waits and then sees the new deadline.
    """
    start = _window_start(day)
    in_window = sa.and_(Timer.status == TimerStatus.PENDING, Timer.due_at >= start,
                        Timer.created_at < start)
    case_ids = sorted(db.session.execute(
        sa.select(Timer.case_id).where(in_window).distinct()).scalars())
    moved: list[int] = []
    for offset in range(0, len(case_ids), batch):
        chunk = case_ids[offset:offset + batch]
        cases = db.session.execute(
            sa.select(Case).where(Case.id.in_(chunk)).order_by(Case.id)
            .with_for_update(of=Case).execution_options(populate_existing=True)
        ).scalars().all()
        rows = db.session.execute(
            sa.select(Timer).where(in_window, Timer.case_id.in_(chunk))
            .execution_options(populate_existing=True)
        ).scalars().all()
        by_case: dict[int, list[Timer]] = {}
        for row in rows:
            by_case.setdefault(row.case_id, []).append(row)
        for case in cases:
            if _recompute_case(case, by_case.get(case.id, []), day, before, after, now, actor):
                moved.append(case.id)
    db.session.flush()
    return moved


def _recompute_case(case: Case, rows: list[Timer], day: date, before: WorkingCalendar,
                    after: WorkingCalendar, now: datetime, actor: str) -> bool:
    changes = []
    for row in rows:
        days = row.working_days
        if days is None:  # a row from before timers kept their length: count its window
            days = before.working_days_between(row.created_at, row.due_at)
        due = after.add_working_days(row.created_at, days)
        if due == row.due_at:
            continue
        changes.append({"timer": row.spec, "rule": row.rule, "task": row.attached_to,
                        "working_days": days, "from": row.due_at.isoformat(),
                        "to": due.isoformat()})
        old, row.due_at = row.due_at, due
        if row.working_days is None:
            row.working_days = days
        if row.attached_to:
            for task in db.session.execute(sa.select(HumanTask).where(
                    HumanTask.case_id == case.id, HumanTask.spec == row.attached_to,
                    HumanTask.state == TaskState.READY, HumanTask.due_at == old)).scalars():
                task.due_at = due
    if not changes:
        return False
    state = db.session.get(WorkflowState, case.id)
    if state is not None:
        ids = {row.id: row.due_at for row in rows}
        state.state = engine.move_timers(state.state, ids)
    db.session.flush()
    soonest = db.session.execute(
        sa.select(Timer).where(Timer.case_id == case.id, Timer.status == TimerStatus.PENDING)
        .order_by(Timer.due_at, Timer.id).limit(1)
    ).scalar_one_or_none()
    if soonest is not None:
        meta = definition(case.process_version_id)[1]
        case.due_at, case.due_rule = soonest.due_at, soonest.rule
        case.due_working_days = meta.get(soonest.spec, {}).get("timer_working_days")
    audit.record("deadline_recomputed", actor=actor, case_id=case.id, now=now,
                 payload={"day": day.isoformat(),
                          "non_working": not after.is_working_day(day), "timers": changes})
    return True
