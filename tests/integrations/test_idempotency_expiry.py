"""Idempotency-Keys are remembered for ADUAN_IDEMPOTENCY_HOURS (default 24): the scheduler's
sweep forgets older ones, and a retry after the period is a new request."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
from domain.integrations.models import IdempotentRequest
from jobs.idempotency import expire_keys
from tests.factories import intake

URL = "/api/v1/cases"


@pytest.fixture
def client(app, db_session, redis_conn):
    from tests.conftest import FreshContextClient

    return FreshContextClient(app, app.response_class, use_cookies=False)


def _keys() -> set[str]:
    return set(db.session.execute(sa.select(IdempotentRequest.key)).scalars())


def _post(client, key: str):
    answer = client.post(URL, json=intake(), headers={"Idempotency-Key": key})
    db.session.commit()  # each request its own transaction, as on a server
    return answer


def test_a_retry_after_24_hours_is_a_new_request(client, world, clock):
    first = _post(client, "k-expiring")
    clock.advance(timedelta(hours=23, minutes=59))
    replayed = _post(client, "k-expiring")
    assert replayed.headers.get("Idempotent-Replayed") == "true"
    assert replayed.json["tracking_id"] == first.json["tracking_id"]
    clock.advance(timedelta(minutes=2))  # 24 h 01 min after the first
    fresh = _post(client, "k-expiring")
    assert fresh.status_code == 201 and "Idempotent-Replayed" not in fresh.headers
    assert fresh.json["tracking_id"] != first.json["tracking_id"]
    assert db.session.execute(sa.select(sa.func.count()).select_from(Case)).scalar() == 2
    assert _keys() == {"k-expiring"}  # one row: the new request's claim


def test_the_sweep_deletes_only_rows_past_the_period(client, world, clock, app):
    _post(client, "k-old")
    clock.advance(timedelta(hours=12))
    _post(client, "k-young")
    clock.advance(timedelta(hours=12, seconds=1))
    assert expire_keys(app.config["ADUAN"], clock.now()) == 1
    assert _keys() == {"k-young"}
    assert _post(client, "k-young").headers.get("Idempotent-Replayed") == "true"


def test_the_period_is_a_setting(client, world, clock, app):
    original = app.config["ADUAN"]
    app.config["ADUAN"] = replace(original, idempotency_hours=1)
    try:
        first = _post(client, "k-hour")
        clock.advance(timedelta(minutes=61))
        again = _post(client, "k-hour")
        assert again.json["tracking_id"] != first.json["tracking_id"]
        clock.advance(timedelta(minutes=61))
        assert expire_keys(app.config["ADUAN"], clock.now()) == 1 and _keys() == set()
    finally:
        app.config["ADUAN"] = original
