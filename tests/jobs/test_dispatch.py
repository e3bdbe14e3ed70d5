"""After commit, new timers and outbox rows become RQ jobs; rollbacks and dead Redis do not."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from rq import Queue
from rq.job import Job
from rq.registry import ScheduledJobRegistry

from domain.cases.models import Timer
from domain.db import db
from domain.enums import Role, TimerStatus
from domain.outbox.models import OutboxMessage
from jobs import dispatch, queues
from jobs.sweeper import sweep
from tests.factories import complete, create_user, submit


def _pending_timers(case_id: int) -> list[Timer]:
    return list(db.session.execute(sa.select(Timer).where(
        Timer.case_id == case_id, Timer.status == TimerStatus.PENDING)).scalars())


def _scheduled(redis_conn) -> dict[str, float]:
    registry = ScheduledJobRegistry(queues.TIMERS, connection=redis_conn)
    return {job_id: redis_conn.zscore(registry.key, job_id) for job_id in registry.get_job_ids()}


def test_commit_schedules_each_new_timer_at_its_due_time(committed_world, redis_conn):
    case = submit().case
    assert _scheduled(redis_conn) == {}  # nothing before the commit
    db.session.commit()
    [timer] = _pending_timers(case.id)
    scheduled = _scheduled(redis_conn)
    assert set(scheduled) == {f"timer-{timer.id}"}
    assert scheduled[f"timer-{timer.id}"] == int(timer.due_at.timestamp())
    job = Job.fetch(f"timer-{timer.id}", connection=redis_conn)
    assert job.func_name == queues.FIRE_TIMER and job.args == (timer.id,)
    # The outbox rows of the same transaction wait on the notifications queue.
    outbox_ids = db.session.execute(sa.select(OutboxMessage.id)).scalars().all()
    queued = Queue(queues.NOTIFICATIONS, connection=redis_conn).job_ids
    assert sorted(queued) == sorted(f"outbox-{i}" for i in outbox_ids)


def test_rollback_dispatches_nothing(committed_world, redis_conn):
    submit()
    db.session.rollback()
    db.session.commit()
    assert _scheduled(redis_conn) == {}
    assert Queue(queues.NOTIFICATIONS, connection=redis_conn).count == 0


def test_a_timer_that_ends_loses_its_scheduled_job(committed_world, redis_conn):
    coordinator = create_user(Role.COORDINATOR, "medan.secretariat")
    case = submit().case
    db.session.commit()
    [verify_timer] = _pending_timers(case.id)
    complete(case, "verify", coordinator, decision="valid", summary="Ringkasan",
             unit_code="medan.health")
    db.session.commit()
    [follow_up_timer] = _pending_timers(case.id)
    assert set(_scheduled(redis_conn)) == {f"timer-{follow_up_timer.id}"}
    assert not Job.exists(f"timer-{verify_timer.id}", connection=redis_conn)


def test_dead_redis_never_fails_the_commit_and_the_sweeper_catches_up(app, committed_world,
                                                                      redis_conn, caplog):
    settings = app.config["ADUAN"]
    app.config["ADUAN"] = replace(settings, redis_url="redis://127.0.0.1:1/0")  # nothing listens
    try:
        case = submit().case
        db.session.commit()  # dispatch fails after the commit; the commit stands
        assert not dispatch.breaker.allows()
        second = submit().case
        db.session.commit()  # the breaker is open: no second connect timeout
    finally:
        app.config["ADUAN"] = settings
    assert "left to the sweeper" in caplog.text
    assert _scheduled(redis_conn) == {}
    db.session.expire_all()
    report = sweep(settings.redis_url)
    assert report.redis_ok and report.restored_timers == 2
    expected = {f"timer-{t.id}" for c in (case, second) for t in _pending_timers(c.id)}
    assert set(_scheduled(redis_conn)) == expected
    assert dispatch.breaker.allows()


def test_a_web_request_dispatches_after_its_commit(app, committed_world, redis_conn):
    from tests.factories import intake

    response = app.test_client().post("/api/v1/cases", json=intake())
    assert response.status_code == 201, response.get_json()
    [timer] = db.session.execute(sa.select(Timer)).scalars().all()
    assert set(_scheduled(redis_conn)) == {f"timer-{timer.id}"}
