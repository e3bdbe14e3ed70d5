"""Queue names in one place, and the Redis connection every producer and worker shares."""

from __future__ import annotations

from functools import lru_cache

from redis import Redis
from rq import Queue

TIMERS = "timers"
LETTERS = "letters"
NOTIFICATIONS = "notifications"
DEFAULT = "default"
ALL = (TIMERS, NOTIFICATIONS, LETTERS, DEFAULT)  # a worker listens in this priority order


@lru_cache(maxsize=4)
def redis_connection(url: str) -> Redis:
    return Redis.from_url(url, socket_connect_timeout=2, health_check_interval=30)


def queue(name: str, url: str) -> Queue:
    if name not in ALL:
        raise ValueError(f"unknown queue {name!r}")
    return Queue(name, connection=redis_connection(url))
