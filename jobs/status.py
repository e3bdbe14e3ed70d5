"""A snapshot of the job system for the sysadmin's page: queues, workers, failures, backlog."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from redis.exceptions import RedisError
from rq import Queue, Worker
from rq.registry import (
    DeferredJobRegistry,
    FailedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)

from domain.cases.models import Timer
from domain.clock import clock
from domain.db import db
from domain.enums import OutboxStatus, TimerStatus
from domain.outbox.models import OutboxMessage
from jobs import queues


@dataclass(frozen=True)
class QueueStats:
    name: str
    queued: int
    started: int
    scheduled: int
    deferred: int
    failed: int


@dataclass(frozen=True)
class FailedJob:
    queue: str
    job_id: str
    func: str
    error: str  # the exception's last line: our job errors carry ids, never personal data
    ended_at: datetime | None


@dataclass
class Snapshot:
    redis_ok: bool
    queues: list[QueueStats] = field(default_factory=list)
    workers: list[tuple[str, str, str]] = field(default_factory=list)  # name, state, job
    failed: list[FailedJob] = field(default_factory=list)
    timers_pending: int = 0
    timers_overdue: int = 0
    outbox: dict[str, int] = field(default_factory=dict)
    outbox_oldest_due: datetime | None = None


def _last_line(text: str | None) -> str:
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def _redis_part(snapshot: Snapshot, redis_url: str, failed_limit: int) -> None:
    connection = queues.redis_connection(redis_url)
    for name in queues.ALL:
        queue = Queue(name, connection=connection)
        failed = FailedJobRegistry(queue=queue)
        snapshot.queues.append(QueueStats(
            name, queue.count, StartedJobRegistry(queue=queue).count,
            ScheduledJobRegistry(queue=queue).count, DeferredJobRegistry(queue=queue).count,
            failed.count))
        for job in queue.job_class.fetch_many(failed.get_job_ids(0, failed_limit - 1, desc=True),
                                              connection=connection):
            if job is not None:
                snapshot.failed.append(FailedJob(name, job.id, job.func_name,
                                                 _last_line(job.exc_info), job.ended_at))
    for worker in Worker.all(connection=connection):
        job_id = worker.get_current_job_id() or ""
        snapshot.workers.append((worker.name, str(worker.get_state()), job_id))


def snapshot(redis_url: str, failed_limit: int = 20) -> Snapshot:
    """Counts from Redis and the database; Redis being down is shown, not raised."""
    result = Snapshot(redis_ok=True)
    try:
        _redis_part(result, redis_url, failed_limit)
    except RedisError:
        result.redis_ok = False
    now = clock.now()
    pending = sa.select(sa.func.count()).select_from(Timer).where(
        Timer.status == TimerStatus.PENDING)
    result.timers_pending = db.session.execute(pending).scalar_one()
    result.timers_overdue = db.session.execute(pending.where(Timer.due_at <= now)).scalar_one()
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).where(
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.FAILED]))
        .group_by(OutboxMessage.status)).all()
    result.outbox = {status.value: count for status, count in rows}
    result.outbox_oldest_due = db.session.execute(
        sa.select(sa.func.min(OutboxMessage.next_attempt_at))
        .where(OutboxMessage.status == OutboxStatus.PENDING)).scalar_one()
    return result
