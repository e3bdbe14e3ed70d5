"""With Redis stopped, the public and the officers keep working; the sweeper catches up.

Redis holds only queues and rate-limit counters. "Redis stopped" is an app whose Redis URL
points at a port where nothing listens (a refused connection, as after `redis-cli shutdown`),
on the suite's database; "Redis back" is the sweeper run against the suite's real Redis.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from rq.job import Job
from rq.registry import ScheduledJobRegistry

from domain.cases.models import Case, Timer
from domain.db import db
from domain.enums import OutboxStatus, TimerStatus
from domain.outbox.models import OutboxMessage
from jobs import dispatch, queues
from jobs.sweeper import sweep
from tests.api.helpers import complete
from tests.conftest import REDIS_URL, FreshContextClient
from tests.factories import PASSWORD, intake
from tests.web.helpers import csrf, login, report_form
from web.app import create_app
from web.extensions import limiter

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture(scope="module")
def stopped_app(app: Flask) -> Iterator[Flask]:
    """A second app on the suite's database, with its Redis stopped."""
    settings = app.config["ADUAN"]
    stopped = create_app({"database_url": settings.database_url, "data_dir": settings.data_dir,
                          "secure_cookies": False, "secret_key": "test-secret",
                          "demo_password": "demo-pass", "redis_url": NOTHING_LISTENS})
    stopped.config.update(TESTING=True)
    limiter.init_app(app)  # create_app rebinds the process's one limiter; back to the suite's
    yield stopped
    with stopped.app_context():
        db.engine.dispose()


@pytest.fixture
def redis_stopped(stopped_app: Flask, app: Flask, db_session: object,
                  redis_conn: object) -> Iterator[FlaskClient]:
    """A browser against the stopped app; limits count against its (unreachable) Redis."""
    limiter.init_app(stopped_app)
    yield FreshContextClient(stopped_app, stopped_app.response_class, use_cookies=True)
    limiter.init_app(app)
    # Which storage is dead is process state in Flask-Limiter, rechecked with a backoff:
    # later tests must count in the suite's Redis (emptied per test), not in memory.
    limiter._storage_dead = False
    dispatch.breaker.reset()


def _token(client: FlaskClient, username: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"username": username,
                                                       "password": PASSWORD})
    assert response.status_code == 200, response.get_data(as_text=True)
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_with_redis_stopped_intake_tracking_login_and_tasks_go_on(redis_stopped, world,
                                                                   redis_conn, clock, caplog):
    caplog.set_level(logging.WARNING)
    client = redis_stopped

    filed = client.post("/", data={**report_form(), "csrf_token": csrf(client, "/")})
    assert filed.status_code == 303, filed.get_data(as_text=True)
    api = client.post("/api/v1/cases", json=intake(title="Jalan berlubang di depan sekolah",
                                                   description="Lubang besar, sudah sebulan."))
    assert api.status_code == 201, api.json
    tracking_id = api.json["tracking_id"]

    assert client.get(f"/track?id={tracking_id}").status_code == 302
    assert client.get(f"/track/{tracking_id}").status_code == 200
    assert client.get(f"/api/v1/cases/{tracking_id}").status_code == 200

    login(client, "verifier")  # the desk login (asserts its 303)
    verified = complete(client, _token(client, "verifier"), tracking_id, decision="valid",
                        summary="Jalan berlubang di depan sekolah", unit_code="medan.works")
    assert verified.status_code == 200 and verified.json["status"] == "follow_up"

    assert "falling back to in-memory storage" in caplog.text  # the switch is logged

    db.session.expire_all()
    assert len(db.session.execute(sa.select(Case.id)).scalars().all()) == 2
    timers = db.session.execute(sa.select(Timer.id).where(
        Timer.status == TimerStatus.PENDING)).scalars().all()
    outbox = db.session.execute(sa.select(OutboxMessage.id).where(
        OutboxMessage.status == OutboxStatus.PENDING)).scalars().all()
    assert timers and outbox
    registry = ScheduledJobRegistry(queues.TIMERS, connection=redis_conn)
    assert not set(registry.get_job_ids()) & {queues.timer_job_id(t) for t in timers}
    assert not any(Job.exists(queues.outbox_job_id(m), connection=redis_conn) for m in outbox)

    # Redis is back: one sweep enqueues every job the requests could not.
    report = sweep(REDIS_URL, clock.now() + timedelta(minutes=2))
    assert report.redis_ok
    assert report.restored_timers == len(timers)
    assert report.requeued_outbox == len(outbox)
    assert {queues.timer_job_id(t) for t in timers} <= set(registry.get_job_ids())
    assert all(Job.exists(queues.outbox_job_id(m), connection=redis_conn) for m in outbox)


def test_healthz_says_redis_is_down_as_json(redis_stopped):
    response = redis_stopped.get("/healthz")
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert response.json == {"status": "unavailable", "database": "ok", "redis": "unavailable"}


def test_with_redis_stopped_limits_still_count_in_memory(redis_stopped, stopped_app, world):
    """Fail open is not fail off: the account throttle goes on in this process's memory."""
    db.session.commit()  # a 401 rolls its request back: keep the world
    settings = stopped_app.config["ADUAN"]
    stopped_app.config["ADUAN"] = replace(settings, rate_limit_account="2 per 15 minutes")
    try:
        codes = [redis_stopped.post("/api/v1/auth/token",
                                    json={"username": "verifier", "password": password},
                                    environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code
                 for n, password in enumerate(["wrong", "wrong", PASSWORD])]
    finally:
        stopped_app.config["ADUAN"] = settings
    assert codes == [401, 401, 429]
