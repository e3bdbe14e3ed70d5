"""Timer jobs fire once, however often and however they are delivered; faults lose nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from rq.registry import ScheduledJobRegistry

from domain.audit.models import CaseEvent
from domain.cases.models import HumanTask, Timer
from domain.db import db
from domain.enums import TaskState, TimerStatus
from jobs import queues
from jobs.timers import fire_timer_job
from jobs.worker import make_worker
from tests.factories import submit

ROOT = Path(__file__).resolve().parents[2]


def _timer(case_id: int) -> Timer:
    return db.session.execute(sa.select(Timer).where(
        Timer.case_id == case_id, Timer.status == TimerStatus.PENDING)).scalar_one()


def _fired_events(case_id: int) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(CaseEvent).where(
        CaseEvent.case_id == case_id, CaseEvent.kind == "timer_fired")).scalar_one()


def _escalated_to_national_admin(case_id: int) -> bool:
    task = db.session.execute(sa.select(HumanTask).where(
        HumanTask.case_id == case_id, HumanTask.state == TaskState.READY)).scalar_one()
    return task.spec == "verify_national" and task.escalation == 1


def test_the_job_fires_its_timer_once_with_the_clock_moved(committed_world, worker_app, clock):
    case = submit().case
    db.session.commit()
    timer = _timer(case.id)
    db.session.commit()  # end the read: SQLite's BEGIN IMMEDIATE would block the job
    assert fire_timer_job(timer.id) == "rescheduled"  # days early: back to the scheduler
    clock.freeze(timer.due_at + timedelta(seconds=1))
    assert fire_timer_job(timer.id) == "fired"
    assert fire_timer_job(timer.id) == "not pending"
    db.session.expire_all()
    assert _fired_events(case.id) == 1 and _escalated_to_national_admin(case.id)


def test_a_job_woken_a_little_early_waits_for_the_due_time(committed_world, worker_app, clock):
    case = submit().case
    db.session.commit()
    timer = _timer(case.id)
    db.session.commit()  # end the read: SQLite's BEGIN IMMEDIATE would block the job
    clock.freeze(timer.due_at - timedelta(seconds=0.3))  # RQ's whole-second scheduling
    assert fire_timer_job(timer.id) == "fired"
    db.session.expire_all()
    assert _fired_events(case.id) == 1


def test_a_real_worker_moves_an_overdue_case_to_the_national_admin(committed_world, worker_app,
                                                                    redis_conn, clock):
    case = submit().case
    db.session.commit()  # dispatch scheduled the job at the due time, days ahead
    timer = _timer(case.id)
    db.session.commit()  # end the read: SQLite's BEGIN IMMEDIATE would block the job
    registry = ScheduledJobRegistry(queues.TIMERS, connection=redis_conn)
    assert f"timer-{timer.id}" in registry.get_job_ids()
    # Days pass (the domain clock), and RQ's scheduler finds the job due: re-schedule it at a
    # past moment, which is what the registry holds once its time has come.
    clock.freeze(timer.due_at + timedelta(seconds=1))
    queues.queue(queues.TIMERS, worker_app.config["ADUAN"].redis_url).enqueue_at(
        datetime.now(UTC) - timedelta(seconds=1), queues.FIRE_TIMER, timer.id,
        job_id=f"timer-{timer.id}")
    make_worker(worker_app).work(burst=True, with_scheduler=True)
    db.session.expire_all()
    assert _fired_events(case.id) == 1 and _escalated_to_national_admin(case.id)
    assert registry.get_job_ids() == [] or all(
        not j.startswith(f"timer-{timer.id}") for j in registry.get_job_ids())
