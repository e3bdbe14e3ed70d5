"""API test helpers: bearer tokens for users, and limits lowered without a clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from domain.org.models import User
from tests.conftest import FreshContextClient
from tests.factories import PASSWORD


@pytest.fixture
def client(app: Flask, db_session: Any, redis_conn: Any) -> FlaskClient:
    """The API ignores cookies; a cookie-less client proves it never depends on them."""
    return FreshContextClient(app, app.response_class, use_cookies=False)


@pytest.fixture
def login(client: FlaskClient) -> Callable[[User | str], dict[str, str]]:
    """`login(coordinator)` or `login("verifier")` → the Authorization header of a token."""
    cache: dict[str, dict[str, str]] = {}

    def _login(user: User | str) -> dict[str, str]:
        username = user if isinstance(user, str) else user.username
        if username not in cache:
            response = client.post("/api/v1/auth/token",
                                   json={"username": username, "password": PASSWORD})
            assert response.status_code == 200, response.json
            cache[username] = {"Authorization": f"Bearer {response.json['token']}"}
        return cache[username]

    return _login


@pytest.fixture
def settings_override(app: Flask) -> Iterator[Callable[..., None]]:
    """Patch fields of the app's Settings for one test (limits are read per request)."""
    original = app.config["ADUAN"]

    def _override(**fields: Any) -> None:
        app.config["ADUAN"] = replace(app.config["ADUAN"], **fields)

    yield _override
    app.config["ADUAN"] = original
