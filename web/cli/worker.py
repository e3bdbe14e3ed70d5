"""`flask worker` and `flask scheduler`: the processes that keep the deadlines.

The loops themselves live in jobs/worker.py; this module only parses the options."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from jobs import queues
from jobs.digests import send_digests
from jobs.sweeper import sweep
from jobs.worker import run_scheduler, run_worker


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the queued jobs, then exit.")
@click.option("--queue", "queue_names", multiple=True, type=click.Choice(queues.ALL),
              help="Listen on these queues only (default: all, in priority order).")
@click.option("--name", default=None, help="Worker name (default: RQ's random one).")
@with_appcontext
def worker(burst: bool, queue_names: tuple[str, ...], name: str | None) -> None:
    """An RQ worker with RQ's scheduler (which moves `enqueue_at` jobs onto queues).

    It outlives Redis outages: it waits and reconnects (jobs.worker.run_worker)."""
    run_worker(current_app._get_current_object(), queue_names or queues.ALL, name, burst=burst)


@click.command("scheduler")
@click.option("--interval", default=60.0, show_default=True, help="Seconds between sweeps.")
@click.option("--full-every", default=60, show_default=True,
              help="Check every pending timer's RQ job every N sweeps.")
@click.option("--once", is_flag=True, help="Sweep once and exit.")
@click.option("--as-of", "as_of", default=None, help="Sweep as of this ISO time (with --once).")
@with_appcontext
def scheduler(interval: float, full_every: int, once: bool, as_of: str | None) -> None:
    """The sweeper: fire overdue timers, restore lost timer jobs, re-enqueue the outbox,
    send the officers' daily digests once their hour has come."""
    app_obj = current_app._get_current_object()
    if as_of:
        moment = datetime.fromisoformat(as_of)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        click.echo(sweep(app_obj.config["ADUAN"].redis_url, moment, full_restore=True))
        click.echo(f"queued {send_digests(moment)} digest(s)")
        return
    stop = threading.Event()

    def request_stop(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    run_scheduler(app_obj, interval, max(full_every, 1), once, stop)


COMMANDS = (worker, scheduler)
