"""Ahead of the breach: which open tasks are at risk of missing their deadline.

A task is at risk when its deadline falls within one working day, or when less time is left
than its unit usually needs for that step (the median time from assignment to completion
of the same task in the same unit over the last `HISTORY_DAYS`). The medians are computed
for the units and steps of the tasks shown, from at most `SAMPLE` recent completions each
(one query for the page), so no page scans the task history.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from domain.cases.listing import Page, page_size
from domain.cases.models import HumanTask
from domain.db import db
from domain.enums import Lane, Role, TaskState
from domain.org.models import User
from domain.org.scope import scope_of
from domain.sla import cache as calendar_cache

HISTORY_DAYS = 90
SAMPLE = 200
SUPERVISING_ROLES = (Role.SUPERVISOR, Role.COORDINATOR)


@dataclass(frozen=True)
class Risk:
    at_risk: bool
    reason: str | None  # "one_working_day" or "slower_than_usual"
    usual: timedelta | None  # the unit's median for this step


def usual_durations(pairs: set[tuple[int | None, str]],
                    now: datetime) -> dict[tuple[int | None, str], timedelta]:
    """Median assignment-to-completion time per (unit, task spec), from recent completions."""
    wanted = {(u, s) for u, s in pairs if u is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(HumanTask.unit_id, HumanTask.spec, HumanTask.created_at,
                  HumanTask.finished_at)
        .where(HumanTask.state == TaskState.COMPLETED,
               HumanTask.unit_id.in_({u for u, _ in wanted}),
               HumanTask.spec.in_({s for _, s in wanted}),
               HumanTask.finished_at >= now - timedelta(days=HISTORY_DAYS))
        .order_by(HumanTask.finished_at.desc()).limit(SAMPLE * len(wanted))
    ).all()
    samples: dict[tuple[int | None, str], list[float]] = {}
    for unit_id, spec, created, finished in rows:
        if (unit_id, spec) in wanted:
            samples.setdefault((unit_id, spec), []).append((finished - created).total_seconds())
    return {key: timedelta(seconds=statistics.median(values))
            for key, values in samples.items()}


def risks(tasks: list[HumanTask], now: datetime) -> dict[str, Risk]:
    """Each open task's risk, by task id (tasks without a deadline are never at risk)."""
    usual = usual_durations({(t.unit_id, t.spec) for t in tasks}, now)
    calendar = calendar_cache.current_calendar() if any(t.due_at for t in tasks) else None
    found = {}
    for task in tasks:
        typical = usual.get((task.unit_id, task.spec))
        if task.due_at is None or calendar is None:
            found[task.id] = Risk(False, None, typical)
        elif task.due_at <= now or calendar.working_days_between(now, task.due_at) <= 1:
            found[task.id] = Risk(True, "one_working_day", typical)
        elif typical is not None and task.due_at - now < typical:
            found[task.id] = Risk(True, "slower_than_usual", typical)
        else:
            found[task.id] = Risk(False, None, typical)
    return found


def supervised_units(user: User) -> frozenset[int]:
    return scope_of(user).units_for(*SUPERVISING_ROLES)


def open_tasks(user: User, *, cursor: str | None = None, limit: int = 25) -> Page:
    """Open tasks of the units `user` supervises (and their sub-units), least time left
    first (no deadline last); keyset pages continue after `due|id`."""
    units = supervised_units(user)
    if not units:
        return Page([], None)
    limit = page_size(limit)
    query = sa.select(HumanTask).where(HumanTask.state == TaskState.READY,
                                       HumanTask.lane != Lane.REPORTER.value,
                                       HumanTask.unit_id.in_(sorted(units)))
    if cursor:
        due_s, _, task_id = cursor.partition("|")
        if due_s == "-":
            query = query.where(HumanTask.due_at.is_(None), HumanTask.id > task_id)
        else:
            due = datetime.fromisoformat(due_s)  # ValueError: not a cursor we handed out
            query = query.where(sa.or_(HumanTask.due_at.is_(None), HumanTask.due_at > due,
                                       sa.and_(HumanTask.due_at == due,
                                               HumanTask.id > task_id)))
    query = query.order_by(HumanTask.due_at.is_(None), HumanTask.due_at, HumanTask.id)
    rows = list(db.session.execute(query.limit(limit + 1)).scalars().unique())
    if len(rows) <= limit:
        return Page(rows, None)
    last = rows[limit - 1]
    return Page(rows[:limit], f"{last.due_at.isoformat() if last.due_at else '-'}|{last.id}")
