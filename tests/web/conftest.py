"""Page test fixtures: a cookie-keeping client with a fresh app context per request."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient


class BrowserLikeClient(FlaskClient):
    """Each request in its own app context (as in production), cookies kept like a browser.

    The shared fixtures hold one app context open for the whole test and Flask would reuse
    it, so `g` (the logged-in user) would leak from one request into the next.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask, db_session: Any, redis_conn: Any) -> FlaskClient:
    return BrowserLikeClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def other_client(app: Flask, db_session: Any) -> FlaskClient:
    """A second browser (another person) against the same test transaction."""
    return BrowserLikeClient(app, app.response_class, use_cookies=True)
