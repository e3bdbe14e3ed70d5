"""The failed-login counters per account and per address, on the controlled clock.

The windows pass when the test moves the domain clock; nobody sleeps. Limits are lowered
through the settings, read per request.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from flask import Flask

from domain.db import db
from tests.factories import PASSWORD
from tests.web.helpers import csrf

ADDRESS_LOCKED = "Terlalu banyak percobaan masuk yang gagal dari alamat ini; coba lagi nanti."


@pytest.fixture(autouse=True)
def low_limits(app: Flask, world: dict) -> Iterator[None]:
    db.session.commit()  # a 401 rolls its request back: keep the world
    settings = app.config["ADUAN"]
    app.config["ADUAN"] = replace(settings, rate_limit_account="3 per 15 minutes",
                                  rate_limit_address="4 per 15 minutes")
    yield
    app.config["ADUAN"] = settings


def _desk(client, username: str, password: str, address: str):
    token = csrf(client, "/desk/login")
    return client.post("/desk/login", data={"csrf_token": token, "username": username,
                                            "password": password},
                       environ_base={"REMOTE_ADDR": address})


def _api(client, username: str, password: str, address: str):
    return client.post("/api/v1/auth/token", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_an_account_lock_lifts_when_the_clock_passes_the_window(client, clock):
    codes = [_desk(client, "verifier", "wrong", f"198.51.100.{n}").status_code
             for n in range(3)]
    assert codes == [401, 401, 401]
    clock.advance(timedelta(minutes=10))
    locked = _desk(client, "verifier", PASSWORD, "198.51.100.9")
    assert locked.status_code == 429
    # The first failure leaves the window in 5 minutes. Flask-Limiter (the view's per-address
    # request limit) re-sends the header rounded down to whole seconds: 299 or 300.
    assert 299 <= int(locked.headers["Retry-After"]) <= 300
    clock.advance(timedelta(minutes=5, seconds=1))
    assert _desk(client, "verifier", PASSWORD, "198.51.100.9").status_code == 303


def test_one_address_trying_many_accounts_is_stopped_and_others_are_not(client, clock):
    names = ["verifier", "auditor", "liaison.health", "supervisor.health"]
    assert [_api(client, name, "wrong", "203.0.113.7").status_code for name in names] == [401] * 4
    refused = _api(client, "liaison.works", PASSWORD, "203.0.113.7")
    assert refused.status_code == 429 and refused.json["error"]["message"] == ADDRESS_LOCKED
    assert ADDRESS_LOCKED in _desk(client, "owner", PASSWORD, "203.0.113.7").get_data(
        as_text=True)
    assert _api(client, "liaison.works", PASSWORD, "203.0.113.8").status_code == 200
    clock.advance(timedelta(minutes=15, seconds=1))
    assert _api(client, "liaison.works", PASSWORD, "203.0.113.7").status_code == 200


def test_successful_logins_from_one_address_never_count(client, clock):
    codes = [_api(client, "verifier", PASSWORD, "203.0.113.20").status_code for _ in range(8)]
    assert codes == [200] * 8
