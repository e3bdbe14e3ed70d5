"""Failed logins are limited per account, from any address, desk and API together.

Each attempt comes from its own address, so the per-address limits never trigger: only
the account's own counter can refuse. The limit is lowered through the settings (read per
request); no test waits for a window to pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask

from domain.db import db
from tests.factories import PASSWORD
from tests.web.helpers import csrf

LOCKED_ID = "Terlalu banyak percobaan masuk yang gagal untuk akun ini; coba lagi nanti."
LOCKED_EN = "Too many failed sign-in attempts for this account; try again later."


@pytest.fixture(autouse=True)
def three_failures(app: Flask, world: dict) -> Iterator[None]:
    db.session.commit()  # a 401 rolls its request back: keep the world in the test's transaction
    settings = app.config["ADUAN"]
    app.config["ADUAN"] = replace(settings, rate_limit_account="3 per 15 minutes")
    yield
    app.config["ADUAN"] = settings


class Attempts:
    """Logins from a new address each time (another machine of the same attacker)."""

    def __init__(self, client) -> None:
        self.client, self.n = client, 0

    def _peer(self) -> dict[str, str]:
        self.n += 1
        return {"REMOTE_ADDR": f"198.51.100.{self.n}"}

    def desk(self, username: str, password: str, lang: str = "id"):
        token = csrf(self.client, f"/desk/login?lang={lang}")
        return self.client.post("/desk/login", data={"csrf_token": token, "username": username,
                                                     "password": password},
                                environ_base=self._peer())

    def api(self, username: str, password: str, lang: str = "id"):
        return self.client.post("/api/v1/auth/token",
                                json={"username": username, "password": password},
                                headers={"Accept-Language": lang}, environ_base=self._peer())


def test_failed_desk_logins_lock_the_account_even_for_the_right_password(client, world):
    attempts = Attempts(client)
    assert [attempts.desk("verifier", "wrong").status_code for _ in range(3)] == [401] * 3
    locked = attempts.desk("verifier", PASSWORD)
    assert locked.status_code == 429
    assert LOCKED_ID in locked.get_data(as_text=True)
    assert "Retry-After" in locked.headers
    assert attempts.desk("auditor", PASSWORD).status_code == 303  # other accounts log in


def test_desk_and_api_count_failures_together(client, world):
    attempts = Attempts(client)
    assert attempts.desk("verifier", "wrong").status_code == 401
    assert attempts.api("verifier", "wrong").status_code == 401
    assert attempts.desk("  verifier ", "wrong").status_code == 401  # trimmed: the same name
    locked = attempts.api("verifier", PASSWORD)
    assert locked.status_code == 429
    assert locked.json["error"] == {"code": "too_many_attempts", "message": LOCKED_ID,
                                    "details": None}
    assert attempts.api("liaison.health", PASSWORD).status_code == 200


def test_successful_logins_are_not_counted(client, world):
    attempts = Attempts(client)
    assert [attempts.api("verifier", PASSWORD).status_code for _ in range(5)] == [200] * 5
    assert [attempts.desk("verifier", PASSWORD).status_code for _ in range(4)] == [303] * 4


def test_the_lock_is_worded_in_english_too(client, world):
    attempts = Attempts(client)
    for _ in range(3):
        attempts.api("verifier", "wrong")
    assert attempts.api("verifier", PASSWORD, lang="en").json["error"]["message"] == LOCKED_EN
    assert LOCKED_EN in attempts.desk("verifier", PASSWORD, lang="en").get_data(as_text=True)
