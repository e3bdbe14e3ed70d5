"""The sweeper: the safety net under the RQ jobs, run every minute by `flask scheduler`.

Each pass (1) fires every overdue timer itself, straight from the database, so deadlines
hold even while Redis or every worker is down; (2) gives pending timers whose RQ job
vanished their job back; (3) re-enqueues outbox rows whose attempt is overdue.

(2) is a walk over all pending timers, so it runs when Redis shows it lost data (a sentinel
key we set is gone: flushed, restarted without persistence) and otherwise every
`full_every` passes (evictions and other partial losses).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis import Redis
from redis.exceptions import RedisError
from rq.job import Job

from domain.clock import clock
from jobs import dispatch, queues
from jobs.outbox import due_message_ids
from jobs.timers import LIVE, restore_timer_jobs, sweep_due

log = logging.getLogger(__name__)
SENTINEL = "aduan:sweeper:sentinel"
HEARTBEAT = "aduan:scheduler:heartbeat"  # the container health check reads it
HEARTBEAT_TTL = 300
OUTBOX_GRACE = timedelta(seconds=60)  # a row this overdue has lost its job (or never had one)


@dataclass(frozen=True)
class SweepReport:
    fired: int
    restored_timers: int | None  # None: not checked this pass
    requeued_outbox: int
    redis_ok: bool

    def __str__(self) -> str:
        restored = "-" if self.restored_timers is None else self.restored_timers
        return (f"fired {self.fired} timer(s); restored {restored} timer job(s); "
                f"re-enqueued {self.requeued_outbox} outbox row(s); "
                f"redis {'ok' if self.redis_ok else 'unavailable'}")


def requeue_outbox(connection: Redis, redis_url: str, now: datetime) -> int:
    """Jobs for overdue pending outbox rows that have no live job."""
    rows = due_message_ids(now, OUTBOX_GRACE)
    if not rows:
        return 0
    with connection.pipeline() as pipe:
        for message_id, _kind in rows:
            pipe.hget(Job.key_for(queues.outbox_job_id(message_id)), "status")
        statuses = pipe.execute()
    count = 0
    with connection.pipeline() as pipe:
        for (message_id, kind), status in zip(rows, statuses, strict=True):
            if status is not None and status.decode() in LIVE:
                continue
            dispatch.schedule_outbox(queues.queue(queues.outbox_queue_name(kind), redis_url,
                                                  connection), message_id, now, now, pipe)
            count += 1
        if count:
            pipe.execute()
    return count


def sweep(redis_url: str, as_of: datetime | None = None, *,
          full_restore: bool = False) -> SweepReport:
    """One pass of the sweeper (a transaction boundary per timer and per batch)."""
    now = as_of or clock.now()
    fired = sweep_due(now)
    try:
        connection = queues.redis_connection(redis_url)
        restored = None
        if full_restore or not connection.exists(SENTINEL):
            restored = restore_timer_jobs(connection, redis_url)
            connection.set(SENTINEL, now.isoformat())
        requeued = requeue_outbox(connection, redis_url, now)
        connection.set(HEARTBEAT, now.isoformat(), ex=HEARTBEAT_TTL)
    except RedisError as exc:
        log.warning("sweeper: Redis unavailable (%s); timers fired from the database only",
                    type(exc).__name__)
        return SweepReport(fired, None, 0, False)
    dispatch.breaker.reset()  # Redis answers again: let requests dispatch right away
    return SweepReport(fired, restored, requeued, True)
