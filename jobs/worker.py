"""`flask worker` and `flask scheduler`: the processes that keep the deadlines."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import click
from flask import Flask, current_app
from rq import SimpleWorker

from jobs import queues
from jobs.runtime import job, set_app
from jobs.timers import fire, sweep_due

log = logging.getLogger(__name__)


@job
def fire_timer_job(timer_id: str) -> bool:
    """RQ entry point: fire one timer if it is due now (RQ may wake us a little early)."""
    return fire(timer_id, datetime.now(UTC))


@job
def sweep_job() -> int:
    return sweep_due(datetime.now(UTC))


def register_worker_cli(app: Flask) -> None:
    @app.cli.command("worker")
    @click.option("--burst", is_flag=True, help="Run the queued jobs, then exit.")
    def worker(burst: bool) -> None:
        """An RQ worker on every queue, with RQ's scheduler for jobs due later.

        SimpleWorker runs jobs in this preloaded process (no fork and re-import per job);
        a crash loses nothing because the database, not the job, holds every deadline.
        """
        set_app(current_app._get_current_object())
        settings = current_app.config["ADUAN"]
        connection = queues.redis_connection(settings.redis_url)
        worker = SimpleWorker(
            [queues.queue(n, settings.redis_url) for n in queues.ALL], connection=connection
        )
        worker.work(burst=burst, with_scheduler=True, logging_level="INFO")

    @app.cli.command("scheduler")
    @click.option("--interval", default=30.0, help="Seconds between sweeps.")
    @click.option("--once", is_flag=True, help="Sweep once and exit.")
    def scheduler(interval: float, once: bool) -> None:
        """The sweeper: enqueue a sweep of due timers every interval."""
        settings = current_app.config["ADUAN"]
        q = queues.queue(queues.TIMERS, settings.redis_url)
        while True:
            q.enqueue(sweep_job, job_id="sweep", result_ttl=0, failure_ttl=3600)
            if once:
                return
            time.sleep(interval)
