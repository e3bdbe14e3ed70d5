"""Fault tests against real Redis and the real database: kills, flushes, duplicate deliveries.

No test sleeps to reach a deadline: the domain clock moves, or the job gets `as_of`. The only
waits are bounded polls for something another process does (a marker file, a dead backend).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from rq import Queue
from rq.registry import ScheduledJobRegistry

from domain.audit.models import CaseEvent
from domain.cases.models import Timer
from domain.clock import clock
from domain.db import db
from domain.enums import TimerStatus
from domain.outbox.models import OutboxMessage
from jobs import queues
from jobs.sweeper import SENTINEL, sweep
from jobs.timers import fire_timer_job, sweep_due
from tests.factories import submit

ROOT = Path(__file__).resolve().parents[2]


def _timer(case_id: int) -> Timer:
    return db.session.execute(sa.select(Timer).where(Timer.case_id == case_id)
                              .order_by(Timer.created_at)).scalars().first()


def _count(kind: str, case_id: int | None = None) -> int:
    query = sa.select(sa.func.count()).select_from(CaseEvent).where(CaseEvent.kind == kind)
    if case_id is not None:
        query = query.where(CaseEvent.case_id == case_id)
    return db.session.execute(query).scalar_one()


def _poll(predicate, timeout: float = 30.0, step: float = 0.05) -> bool:
    """Wait (bounded) for another process to do something; never for a deadline."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


def test_worker_killed_during_a_timer_job_the_timer_still_fires_once(app, committed_world,
                                                                      redis_conn, tmp_path):
    case = submit().case
    db.session.commit()
    timer = _timer(case.id)
    db.session.commit()  # end the read: SQLite's BEGIN IMMEDIATE would block the job
    as_of = timer.due_at + timedelta(seconds=1)
    marker = tmp_path / "claimed"
    settings = app.config["ADUAN"]
    Queue(queues.TIMERS, connection=redis_conn).enqueue(
        "tests.jobs.hang.fire_then_hang", timer.id, as_of.isoformat(), str(marker),
        job_id="hanging-timer-job")
    env = {**os.environ, "ADUAN_DATABASE_URL": settings.database_url,
           "ADUAN_REDIS_URL": settings.redis_url, "ADUAN_DATA_DIR": str(tmp_path),
           "ADUAN_SECRET_KEY": "test", "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--burst", "--queue", "timers"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)
    try:
        assert _poll(marker.exists), worker.stderr.read().decode()[-3000:] \
            if worker.poll() is not None else "the worker never claimed the timer"
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and RQ's scheduler child
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
        worker.stderr.close()
    db.session.expire_all()
    assert db.session.get(Timer, timer.id).status == TimerStatus.PENDING  # its work rolled back
    # The database notices the dead connection and drops its lock; then the sweeper fires it.
    assert _poll(lambda: sweep_due(as_of) == 1, timeout=20, step=0.2)
    assert sweep_due(as_of + timedelta(minutes=1)) == 0
    db.session.expire_all()
    assert db.session.get(Timer, timer.id).status == TimerStatus.FIRED
    assert _count("timer_fired", case.id) == 1


def test_redis_flushed_the_sweeper_restores_every_pending_timer(app, committed_world, redis_conn):
    cases = [submit().case for _ in range(5)]
    db.session.commit()
    timers = {_timer(case.id).id: _timer(case.id).due_at for case in cases}
    registry = ScheduledJobRegistry(queues.TIMERS, connection=redis_conn)
    assert set(registry.get_job_ids()) == {f"timer-{t}" for t in timers}
    url = app.config["ADUAN"].redis_url
    assert sweep(url).restored_timers == 0  # first pass: all present, sentinel set
    assert sweep(url).restored_timers is None  # sentinel there: no full walk

    redis_conn.flushdb()
    assert registry.get_job_ids() == [] and not redis_conn.exists(SENTINEL)
    report = sweep(url)
    assert report.restored_timers == len(timers)
    restored = {job: redis_conn.zscore(registry.key, job) for job in registry.get_job_ids()}
    assert restored == {f"timer-{t}": int(due.timestamp()) for t, due in timers.items()}
    assert sweep(url, full_restore=True).restored_timers == 0  # idempotent
    # The outbox rows lost with Redis come back too once they are overdue.
    pending = db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar_one()
    assert sweep(url).requeued_outbox == 0  # not yet a minute overdue
    assert sweep(url, clock.now() + timedelta(minutes=2)).requeued_outbox == pending


@pytest.mark.postgres_only
def test_the_same_timer_job_delivered_eight_times_at_once_escalates_once(committed_world,
                                                                          worker_app, clock):
    case = submit().case
    db.session.commit()
    timer = _timer(case.id)
    db.session.commit()  # end the read: SQLite's BEGIN IMMEDIATE would block the job
    clock.freeze(timer.due_at + timedelta(seconds=1))
    barrier = threading.Barrier(8)
    results: list[str] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(fire_timer_job(timer.id))
        except BaseException as exc:  # surfaced below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert results.count("fired") == 1, results
    db.session.expire_all()
    assert _count("timer_fired", case.id) == 1
    escalations = db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.kind == "escalation", OutboxMessage.case_id == case.id)).scalar_one()
    assert escalations == 1
