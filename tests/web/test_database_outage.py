"""With the database unreachable every request answers 503 with Retry-After, never a 500.

"Unreachable" is real: an app whose database URL points at a PostgreSQL port where nothing
listens (the PostgreSQL pass) or at a SQLite file in a directory that does not exist (the
SQLite pass). Both raise the driver's OperationalError on connect, as a stopped server does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from domain.db import db
from tests.conftest import BACKEND, REDIS_URL, FreshContextClient
from tests.factories import PASSWORD, intake
from web.app import create_app
from web.extensions import limiter


@pytest.fixture(scope="module")
def no_database(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    data_dir = tmp_path_factory.mktemp("no-database")
    url = ("postgresql+psycopg://postgres@127.0.0.1:1/aduan" if BACKEND == "postgresql"
           else f"sqlite:///{data_dir / 'missing-dir' / 'aduan.db'}")
    down = create_app({"database_url": url, "data_dir": data_dir, "secure_cookies": False,
                       "secret_key": "test-secret", "redis_url": REDIS_URL})
    limiter.init_app(app)  # create_app rebinds the process's one limiter; back to the suite's
    yield down
    with down.app_context():
        db.engine.dispose()


@pytest.fixture
def down(no_database: Flask, redis_conn: object) -> FlaskClient:
    return FreshContextClient(no_database, no_database.response_class, use_cookies=True)


def _unavailable(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)[:500]
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize("url", ["/", "/cases", "/statistics", "/track/ABCD2345"])
def test_pages_answer_503_with_retry_after(down, url):
    response = down.get(url)
    _unavailable(response)
    assert response.mimetype == "text/html"


def test_the_api_answers_503_in_the_error_shape(down):
    for response in (down.post("/api/v1/cases", json=intake()),
                     down.get("/api/v1/cases/ABCD2345"),
                     down.post("/api/v1/auth/token",
                               json={"username": "verifier", "password": PASSWORD})):
        _unavailable(response)
        assert response.json["error"]["code"] == "unavailable"
        assert response.json["error"]["details"] == {"unavailable": "database"}


def test_healthz_says_the_database_is_down_as_json(down):
    response = down.get("/healthz")
    _unavailable(response)
    assert response.json == {"status": "unavailable", "database": "unavailable", "redis": "ok"}


def test_healthz_is_ok_as_json_when_both_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "ok"}


@pytest.mark.postgres_only
def test_a_database_lost_before_the_commit_is_a_503(app, tmp_path):
    """The view ran, then PostgreSQL ended its connection (as a restart does): the commit
    fails, and the answer is 503, not a 500 and not a success that saved nothing."""
    settings = app.config["ADUAN"]
    dying = create_app({"database_url": settings.database_url, "data_dir": tmp_path,
                        "secure_cookies": False, "secret_key": "test-secret",
                        "redis_url": REDIS_URL})
    limiter.init_app(app)
    killer = sa.create_engine(settings.database_url, isolation_level="AUTOCOMMIT")

    @dying.get("/_dies_before_commit")
    def dies_before_commit() -> str:
        pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        with killer.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return "saved"

    try:
        response = FreshContextClient(dying, dying.response_class).get("/_dies_before_commit")
    finally:
        killer.dispose()
        with dying.app_context():
            db.engine.dispose()
    _unavailable(response)
    assert "saved" not in response.get_data(as_text=True)
