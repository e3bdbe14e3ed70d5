"""The worker outlives Redis: it waits, backing off, and reconnects instead of exiting.

"Redis stopped" is the worker's Redis URL pointing at a port where nothing listens; "Redis
back" is the URL pointing at the suite's Redis again. The wait is injected, never slept.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import islice

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import Timer
from domain.db import db
from domain.enums import TimerStatus
from jobs import queues
from jobs.worker import BACKOFF_MAX, _backoff, run_worker
from tests.factories import submit

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


def _pending_timer(case_id: int) -> Timer:
    return db.session.execute(sa.select(Timer).where(
        Timer.case_id == case_id, Timer.status == TimerStatus.PENDING)).scalar_one()


def _fired(case_id: int) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(CaseEvent).where(
        CaseEvent.case_id == case_id, CaseEvent.kind == "timer_fired")).scalar_one()


def _run_with_redis_back_after(app, failures: int) -> list[float]:
    """Run a burst worker whose Redis answers only after `failures` waits; the waits."""
    settings = app.config["ADUAN"]
    app.config["ADUAN"] = replace(settings, redis_url=NOTHING_LISTENS)
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == failures:
            app.config["ADUAN"] = settings  # Redis is back while the worker waits

    try:
        run_worker(app, (queues.TIMERS,), burst=True, sleep=wait)
    finally:
        app.config["ADUAN"] = settings
    return waits


def test_worker_waits_for_redis_then_runs_the_queued_job(committed_world, worker_app,
                                                          redis_conn, clock):
    case = submit().case
    db.session.commit()
    timer = _pending_timer(case.id)
    db.session.commit()  # end the read: SQLite's BEGIN IMMEDIATE would block the job
    clock.freeze(timer.due_at + timedelta(seconds=1))
    queues.queue(queues.TIMERS, worker_app.config["ADUAN"].redis_url).enqueue(
        queues.FIRE_TIMER, timer.id, job_id=queues.timer_job_id(timer.id))

    waits = _run_with_redis_back_after(worker_app, failures=2)

    assert waits == [1.0, 2.0]  # two refused connections, two waits, then the work
    db.session.expire_all()
    assert _fired(case.id) == 1


def test_backoff_doubles_up_to_its_cap():
    assert list(islice(_backoff(), 7)) == [1.0, 2.0, 4.0, 8.0, 16.0, BACKOFF_MAX, BACKOFF_MAX]
