"""The processes that keep the deadlines: an RQ worker and the sweeper loop.

Their commands, `flask worker` and `flask scheduler`, are in web/cli/worker.py.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import click
from flask import Flask
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import SimpleWorker
from rq.exceptions import StopRequested

from domain.clock import clock
from domain.db import db
from jobs import queues
from jobs.audit import checkpoint_if_due
from jobs.digests import send_digests
from jobs.idempotency import expire_keys
from jobs.recaps import enqueue_due as enqueue_due_recaps
from jobs.retention import pseudonymise_due
from jobs.runtime import set_app
from jobs.sweeper import sweep

log = logging.getLogger(__name__)
REDIS_GONE = (RedisConnectionError, RedisTimeoutError)
BACKOFF_FIRST, BACKOFF_MAX = 1.0, 30.0


def make_worker(app: Flask, queue_names: tuple[str, ...] = queues.ALL,
                name: str | None = None) -> SimpleWorker:
    """A SimpleWorker on the preloaded app: jobs run in this process, no fork per job.

    DESIGN measured ~230 jobs/s for SimpleWorker against ~8/s for RQ's forking worker that
    re-imports per job. A crash loses nothing: the database, not the job, holds every
    deadline and every outbox row, and the sweeper re-enqueues what a dead worker held.
    """
    set_app(app)
    url = app.config["ADUAN"].redis_url
    connection = queues.worker_connection(url)
    return SimpleWorker([queues.queue(n, url, connection) for n in queue_names],
                        connection=connection, name=name)


def _backoff() -> Iterator[float]:
    """1, 2, 4 ... seconds, then every BACKOFF_MAX."""
    delay = BACKOFF_FIRST
    while True:
        yield delay
        delay = min(delay * 2, BACKOFF_MAX)


def _answers(connection: Redis) -> bool:
    try:
        return bool(connection.ping())
    except RedisError:
        return False


def run_worker(app: Flask, queue_names: tuple[str, ...] = queues.ALL, name: str | None = None,
               *, burst: bool = False, sleep: Callable[[float], None] = time.sleep) -> None:
    """Run an RQ worker; when Redis goes away, wait (backing off) and start a new one.

    RQ's own loop gives up on a Redis error: bootstrap raises, and an error inside the loop
    ends `work()` as if the worker had been told to stop. So a `work()` that ends while
    Redis does not answer is a lost connection, not a stop request; a stop request (SIGTERM,
    SIGINT) or a finished burst ends this loop as it ends RQ's. `sleep` is injectable so
    tests need not wait.
    """
    delays = _backoff()
    stale: SimpleWorker | None = None
    while True:
        started = time.monotonic()
        try:
            if stale is not None:  # the last one died without saying so: free its name
                stale.register_death()
                stale = None
            worker = make_worker(app, queue_names, name)
            stale = worker
            worker.work(burst=burst, with_scheduler=True, logging_level="INFO")
            if burst or _answers(worker.connection):
                return
            reason = "the worker lost its connection"
        except REDIS_GONE as exc:
            reason = type(exc).__name__
        except StopRequested:
            return
        if time.monotonic() - started > BACKOFF_MAX:  # it ran a while: start the wait over
            delays = _backoff()
        delay = next(delays)
        log.warning("worker: Redis unavailable (%s); starting again in %.0f s", reason, delay)
        try:
            sleep(delay)
        except StopRequested:  # SIGTERM while waiting (RQ's handler is still installed)
            return


def run_scheduler(app: Flask, interval: float, full_every: int, once: bool,
                  stop: threading.Event | None = None) -> None:
    """Sweep now and then every `interval` seconds until stopped (SIGTERM/SIGINT or `stop`)."""
    stop = stop or threading.Event()
    url = app.config["ADUAN"].redis_url
    passes = 0
    while not stop.is_set():
        try:
            report = sweep(url, full_restore=(passes % full_every == 0 and passes > 0))
            log.info("sweep: %s", report)
            settings = app.config["ADUAN"]
            checkpoint_if_due(settings.audit_signing_key, clock.now(),
                              timedelta(minutes=settings.audit_checkpoint_minutes))
            if settings.imap_url:  # mail without a webhook: a worker polls the mailbox
                queues.queue(queues.DEFAULT, url).enqueue(
                    queues.POLL_MAILBOX, job_id=queues.MAILBOX_JOB_ID,
                    result_ttl=queues.RESULT_TTL, failure_ttl=queues.FAILURE_TTL)
            send_digests(clock.now(), settings.digest_at)  # officers' daily mail, once a day
            if passes % full_every == 0:  # rarely: a case crosses the period once a day
                pseudonymise_due(settings, clock.now())
                enqueue_due_recaps(clock.now())  # last month's, once it is over
                expire_keys(settings, clock.now())
            if once:
                click.echo(report)
        except Exception:  # a database outage: log, keep the loop alive, try next interval
            log.exception("sweep failed")
            db.session.rollback()
        finally:
            db.session.remove()  # a fresh session per pass: nothing cached across minutes
        passes += 1
        if once:
            return
        stop.wait(interval)
