"""Queue names, job ids and Redis connections, in one place.

Job ids are deterministic (`timer-<id>`, `outbox-<id>`; RQ allows no colons), so enqueueing
the same work twice (after-commit dispatch, the sweeper, a retry) overwrites one job instead
of piling up copies.
"""

from __future__ import annotations

from functools import lru_cache

from redis import Redis
from rq import Queue

TIMERS = "timers"
NOTIFICATIONS = "notifications"
LETTERS = "letters"
DEFAULT = "default"
ALL = (TIMERS, NOTIFICATIONS, LETTERS, DEFAULT)  # a worker listens in this priority order

# Job functions by dotted path: producers need not import the job modules (no cycles).
FIRE_TIMER = "jobs.timers.fire_timer_job"
PROCESS_OUTBOX = "jobs.outbox.process_outbox_job"
RENDER_CASEFILE = "jobs.letters.render_casefile_job"
RENDER_RECAP = "jobs.recaps.render_recap_job"
POLL_MAILBOX = "jobs.mailbox.poll_mailbox_job"
MAILBOX_JOB_ID = "mailbox-poll"  # one poll at a time: a second enqueue replaces the first

# Finished jobs are kept briefly (the timer restore reads their status); failures a week,
# so the sysadmin's job page shows them.
RESULT_TTL = 600
FAILURE_TTL = 7 * 24 * 3600


def timer_job_id(timer_id: str) -> str:
    return f"timer-{timer_id}"


def outbox_job_id(message_id: int, attempt: int = 0) -> str:
    """One id per attempt: a retry scheduled from inside the running job gets a fresh id."""
    return f"outbox-{message_id}" if attempt == 0 else f"outbox-{message_id}-{attempt}"


@lru_cache(maxsize=4)
def redis_connection(url: str) -> Redis:
    """The producers' connection: short timeouts, so a dead Redis never hangs a request."""
    return Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2,
                          health_check_interval=30)


def worker_connection(url: str) -> Redis:
    """The worker's own connection: no read timeout, RQ blocks on BLPOP with its own."""
    return Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)


def queue(name: str, url: str, connection: Redis | None = None) -> Queue:
    if name not in ALL:
        raise ValueError(f"unknown queue {name!r}")
    return Queue(name, connection=connection or redis_connection(url))


def outbox_queue_name(kind: str) -> str:
    """Letters render on their own queue, so a burst of PDFs never delays a notification."""
    return LETTERS if kind == "letter" else NOTIFICATIONS
