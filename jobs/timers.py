"""Firing deadline timers. Each timer fires in its own transaction, exactly once.

Three ways reach `fire()`: the timer's own RQ job at its due time, the sweeper finding it
overdue, and `flask timers sweep --as-of`. All end in `domain.cases.timers.fire_timer`,
a conditional claim (`status = pending`, row locked with SKIP LOCKED on PostgreSQL), so any
number of deliveries fire it once.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

import sqlalchemy as sa
from redis import Redis
from rq.job import Job, JobStatus

from domain.cases.models import Timer
from domain.cases.timers import due_timer_ids, fire_timer
from domain.clock import clock
from domain.db import db
from domain.enums import TimerStatus
from domain.errors import Conflict
from jobs import dispatch, queues
from jobs.runtime import job

log = logging.getLogger(__name__)
RETRIES = 3  # a concurrent change of the same case is retried at once, not a minute later
MAX_EARLY_WAIT = 3.0  # RQ schedules in whole seconds; wait out small earliness in the job
# Job states that will still run (plain strings: RQ's enum hashes by member name).
LIVE = frozenset(s.value for s in (JobStatus.SCHEDULED, JobStatus.QUEUED, JobStatus.STARTED,
                                   JobStatus.DEFERRED))


def fire(timer_id: str, as_of: datetime) -> bool:
    """Fire one timer and commit; a timer already fired, cancelled or not due is a no-op."""
    for attempt in range(RETRIES):
        db.session.expire_all()  # a long-lived session (the sweeper's) must not read stale rows
        try:
            fired = fire_timer(timer_id, as_of)
            db.session.commit()
            return fired
        except (Conflict, sa.exc.OperationalError) as exc:
            # Someone changed the case at the same moment (or SQLite was busy): start over;
            # the claim makes a retry after a successful fire elsewhere a no-op.
            db.session.rollback()
            log.info("timer %s: retry %d after %s", timer_id, attempt + 1, type(exc).__name__)
        except Exception:
            db.session.rollback()
            log.exception("timer %s failed to fire", timer_id)
            raise
    return False


def sweep_due(as_of: datetime, batch: int = 200) -> int:
    """Fire every pending timer due by `as_of`, including those a firing makes due."""
    total = 0
    while True:
        ids = due_timer_ids(as_of, batch)
        db.session.rollback()  # end the read transaction before the per-timer ones
        fired_now = sum(fire(timer_id, as_of) for timer_id in ids)
        total += fired_now
        if len(ids) < batch or fired_now == 0:
            return total


def _pending_due(timer_id: str) -> datetime | None:
    due = db.session.execute(
        sa.select(Timer.due_at).where(Timer.id == timer_id, Timer.status == TimerStatus.PENDING)
    ).scalar_one_or_none()
    db.session.rollback()
    return due


@job
def fire_timer_job(timer_id: str) -> str:
    """RQ entry point at the timer's due time: re-check due-ness, then fire once.

    RQ's scheduler works in whole seconds and may start us up to ~0.7 s early. Small
    earliness is waited out here (cheaper and more punctual than a round trip through the
    scheduler); a job that is far too early (a host with a skewed clock) re-schedules itself
    under a second id, and the sweeper still backs both up.
    """
    due = _pending_due(timer_id)
    if due is None:
        return "not pending"
    early = (due - clock.now()).total_seconds()
    if early > MAX_EARLY_WAIT:
        from flask import current_app

        url = current_app.config["ADUAN"].redis_url
        queues.queue(queues.TIMERS, url).enqueue_at(
            due, queues.FIRE_TIMER, timer_id, job_id=f"{queues.timer_job_id(timer_id)}-early",
            result_ttl=queues.RESULT_TTL, failure_ttl=queues.FAILURE_TTL)
        return "rescheduled"
    if early > 0:
        time.sleep(early + 0.005)
    # After the wait it is the due time (a frozen test clock does not move while we sleep).
    return "fired" if fire(timer_id, max(clock.now(), due)) else "no-op"


def restore_timer_jobs(connection: Redis, redis_url: str, batch: int = 1000) -> int:
    """Give every pending timer whose RQ job is gone (Redis flushed) its job back.

    Walks the pending timers by key in batches and asks Redis about each batch in one
    pipelined round trip; returns how many jobs were re-created.
    """
    restored, after = 0, ""
    timer_queue = queues.queue(queues.TIMERS, redis_url, connection)
    while True:
        rows = db.session.execute(
            sa.select(Timer.id, Timer.due_at)
            .where(Timer.status == TimerStatus.PENDING, Timer.id > after)
            .order_by(Timer.id).limit(batch)
        ).all()
        db.session.rollback()
        if not rows:
            return restored
        with connection.pipeline() as pipe:
            for row in rows:
                pipe.hget(Job.key_for(queues.timer_job_id(row.id)), "status")
            statuses = pipe.execute()
        now = clock.now()
        with connection.pipeline() as pipe:
            missing = 0
            for row, status in zip(rows, statuses, strict=True):
                if status is not None and status.decode() in LIVE:
                    continue
                dispatch.schedule_timer(timer_queue, row.id, row.due_at, now, pipe)
                missing += 1
            if missing:
                pipe.execute()
        restored += missing
        after = rows[-1].id
