"""After commit, turn the timer and outbox rows a transaction wrote into RQ jobs.

Why SQLAlchemy session events rather than a call at each boundary: the rows are collected
where they are flushed (`after_flush`) and enqueued where the transaction really commits
(`after_commit`), so every boundary — a request, a job, a CLI command, a test — dispatches
without remembering to, a rollback discards what it collected, and no operation has to
announce its side effects twice (once as a row, once to a dispatcher).

Dispatch is best effort by design: the rows are the truth and the sweeper re-enqueues
whatever is missing. If Redis is down the commit has already happened, so we log one line
(no personal data: counts only), stop trying for a while (a circuit breaker, so requests do
not each wait for a connect timeout) and return normally.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq.job import Job
from rq.registry import ScheduledJobRegistry

from domain.cases.models import Timer
from domain.clock import clock
from domain.enums import OutboxStatus, TimerStatus
from domain.outbox.models import OutboxMessage
from jobs import queues

log = logging.getLogger(__name__)
INFO_KEY = "aduan.dispatch"
BREAKER_SECONDS = 30.0

# Drop a cancelled timer's scheduled job, but only if it is still waiting: a job that is
# already running keeps its hash (RQ writes its result into it).
_UNSCHEDULE = """
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then redis.call('DEL', KEYS[2]) end
return 1
"""


@dataclass
class Pending:
    """What one transaction wrote that needs a job once it commits."""

    timers: dict[str, datetime] = field(default_factory=dict)
    ended_timers: set[str] = field(default_factory=set)
    outbox: dict[int, tuple[str, datetime]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.timers or self.ended_timers or self.outbox)


class _Breaker:
    """Skip Redis for a while after it failed, so a dead Redis costs one timeout, not many."""

    def __init__(self) -> None:
        self._open_until = 0.0
        self._lock = threading.Lock()

    def allows(self) -> bool:
        return time.monotonic() >= self._open_until

    def trip(self) -> None:
        with self._lock:
            self._open_until = time.monotonic() + BREAKER_SECONDS

    def reset(self) -> None:
        self._open_until = 0.0


breaker = _Breaker()


def _after_flush(session: sa.orm.Session, _context: Any) -> None:
    pending: Pending = session.info.setdefault(INFO_KEY, Pending())
    for obj in session.new:
        if isinstance(obj, Timer) and obj.status in (None, TimerStatus.PENDING):
            pending.timers[obj.id] = obj.due_at
        elif isinstance(obj, OutboxMessage) and obj.status in (None, OutboxStatus.PENDING):
            pending.outbox[obj.id] = (obj.kind, obj.next_attempt_at)
    for obj in session.dirty:
        if not isinstance(obj, Timer):
            continue
        if obj.status != TimerStatus.PENDING:
            pending.timers.pop(obj.id, None)
            pending.ended_timers.add(obj.id)
        elif (sa.inspect(obj).attrs.due_at.history.has_changes()
              or sa.inspect(obj).attrs.status.history.has_changes()):
            # A deadline moved (a cuti bersama declared or withdrawn), or a cancelled timer
            # is pending again (a merge undone): the same job id, enqueued again, replaces
            # any scheduled one at its due time.
            pending.timers[obj.id] = obj.due_at


def _after_commit(session: sa.orm.Session) -> None:
    pending = session.info.pop(INFO_KEY, None)
    if not pending or not has_app_context():
        return
    try:
        dispatch(pending, current_app.config["ADUAN"].redis_url)
    except Exception:  # the commit stands; never turn a committed request into an error
        log.exception("after-commit dispatch failed; the sweeper will catch up")


def _after_rollback(session: sa.orm.Session) -> None:
    session.info.pop(INFO_KEY, None)


_installed = False


def install() -> None:
    """Listen on every Session (Flask-SQLAlchemy's and the tests' plain ones). Idempotent."""
    global _installed
    if _installed:
        return
    sa.event.listen(sa.orm.Session, "after_flush", _after_flush)
    sa.event.listen(sa.orm.Session, "after_commit", _after_commit)
    sa.event.listen(sa.orm.Session, "after_rollback", _after_rollback)
    _installed = True


def dispatch(pending: Pending, redis_url: str, connection: Redis | None = None) -> bool:
    """Enqueue jobs for `pending` in one Redis round trip; False if Redis was unavailable."""
    if not pending:
        return True
    if not breaker.allows():
        return False
    conn = connection or queues.redis_connection(redis_url)
    now = clock.now()
    try:
        with conn.pipeline() as pipe:
            pipe.multi()  # one MULTI/EXEC, which RQ's enqueue expects of a caller's pipeline
            timer_queue = queues.queue(queues.TIMERS, redis_url, conn)
            for timer_id, due_at in pending.timers.items():
                schedule_timer(timer_queue, timer_id, due_at, now, pipe)
            if pending.ended_timers:
                script = conn.register_script(_UNSCHEDULE)
                registry_key = ScheduledJobRegistry(queue=timer_queue).key
                for timer_id in pending.ended_timers:
                    job_id = queues.timer_job_id(timer_id)
                    script(keys=[registry_key, Job.key_for(job_id)], args=[job_id],
                           client=pipe)
            for message_id, (kind, next_attempt_at) in pending.outbox.items():
                schedule_outbox(queues.queue(queues.outbox_queue_name(kind), redis_url, conn),
                                message_id, next_attempt_at, now, pipe)
            pipe.execute()
    except RedisError as exc:
        breaker.trip()
        log.warning("Redis unavailable (%s); %d timer(s) and %d outbox row(s) left to the "
                    "sweeper", type(exc).__name__, len(pending.timers), len(pending.outbox))
        return False
    return True


def schedule_timer(queue: Any, timer_id: str, due_at: datetime, now: datetime,
                   pipeline: Any = None) -> None:
    """The timer's one job, at its exact due time (or now, if it is already due)."""
    options = {"job_id": queues.timer_job_id(timer_id), "result_ttl": queues.RESULT_TTL,
               "failure_ttl": queues.FAILURE_TTL}
    if due_at <= now:  # RQ 2 queues into the caller's pipeline: still one round trip
        queue.enqueue(queues.FIRE_TIMER, timer_id, pipeline=pipeline, **options)
    else:
        queue.enqueue_at(due_at, queues.FIRE_TIMER, timer_id, pipeline=pipeline, **options)


def schedule_outbox(queue: Any, message_id: int, next_attempt_at: datetime, now: datetime,
                    pipeline: Any = None, attempt: int = 0) -> None:
    """A job for one outbox row, now or at its next attempt (retries back off)."""
    options = {"job_id": queues.outbox_job_id(message_id, attempt),
               "result_ttl": queues.RESULT_TTL, "failure_ttl": queues.FAILURE_TTL}
    if next_attempt_at <= now:
        queue.enqueue(queues.PROCESS_OUTBOX, message_id, pipeline=pipeline, **options)
    else:
        queue.enqueue_at(next_attempt_at, queues.PROCESS_OUTBOX, message_id, pipeline=pipeline,
                         **options)
