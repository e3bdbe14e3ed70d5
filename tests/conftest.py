"""Shared fixtures: one migrated database per run, one rolled-back transaction per test.

`ADUAN_TEST_DB=postgresql` (the default when PostgreSQL answers) runs against the real
server's `test` database; `ADUAN_TEST_DB=sqlite` against a file. The test script runs the
suite on both.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from domain.audit.signing import new_key_text
from domain.cases import categories
from domain.cases.category_admin import DEFAULTS
from domain.cases.models import Category
from domain.clock import Clock
from domain.clock import clock as global_clock
from domain.db import db
from domain.processes import cache as process_cache
from reports.signing import new_development_pkcs12

PG_SERVER = os.environ.get("ADUAN_TEST_PG_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
# One database per test session, so parallel runs (developers, CI) never share a schema.
PG_DB = f"aduan_test_{os.getpid()}"
BACKEND = os.environ.get("ADUAN_TEST_DB", "postgresql")
# A real Redis (the test script makes sure it runs); a database number per session.
REDIS_URL = os.environ.get(
    "ADUAN_TEST_REDIS_URL", f"redis://127.0.0.1:6379/{1 + os.getpid() % 15}"
)

# The checkpoint signing key of the test app (base64 of a raw Ed25519 key, fixed per run).
AUDIT_KEY = new_key_text()
# The test app's document signing certificate (self-signed PKCS#12, made per run).
SIGNING_PASSWORD = "test-signing-password"


def pytest_report_header() -> str:
    return f"aduan: database backend {BACKEND}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (runs in the PostgreSQL pass)")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


def _postgres_database(action: str) -> str:
    """Create or drop this session's database (through the `postgres` maintenance DB)."""
    engine = sa.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        if action == "create":
            conn.exec_driver_sql(f"CREATE DATABASE {PG_DB}")
    engine.dispose()
    return f"{PG_SERVER}/{PG_DB}"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from web.app import create_app

    data_dir = tmp_path_factory.mktemp("aduan-data")
    certificate = data_dir / "signing.p12"
    new_development_pkcs12(certificate, SIGNING_PASSWORD, common_name="Aduan test")
    if BACKEND == "postgresql":
        url = _postgres_database("create")
    else:
        url = f"sqlite:///{data_dir / 'test.db'}"
    app = create_app(
        {
            "database_url": url,
            "data_dir": Path(data_dir),
            "secure_cookies": False,
            "secret_key": "test-secret",
            "demo_password": "demo-pass",
            "redis_url": REDIS_URL,
            "audit_signing_key": AUDIT_KEY,
            "stats_cache_seconds": 0,  # figures read fresh: tests change cases between reads
            "signing_cert": str(certificate),
            "signing_cert_password": SIGNING_PASSWORD,
        }
    )
    app.config.update(TESTING=True)
    with app.app_context():
        upgrade()  # the migrations, not create_all: tests prove the schema Alembic builds
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()
    if BACKEND == "postgresql":
        _postgres_database("drop")


@pytest.fixture
def clock() -> Iterator[Clock]:
    """The domain clock frozen at the real present; tests move it forward, never sleep."""
    global_clock.freeze()
    yield global_clock
    global_clock.unfreeze()


@pytest.fixture
def db_session(app: Flask, clock: Clock) -> Iterator[sa.orm.scoped_session]:
    """Everything a test writes happens inside one transaction that is rolled back."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        # A plain Session: Flask-SQLAlchemy's own ignores `bind` and would pick the engine.
        db.session = sa.orm.scoped_session(
            sa.orm.sessionmaker(
                bind=connection,
                join_transaction_mode="create_savepoint",
                expire_on_commit=False,
            )
        )
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()
            # Rolled back under the session's feet: ids may be handed out again.
            process_cache.forget()
            categories.forget()


@pytest.fixture
def committed_db(app: Flask, clock: Clock) -> Iterator[None]:
    """For tests that need real commits across connections (concurrency): wiped after."""
    with app.app_context():
        yield
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # The audit tables refuse TRUNCATE; the owner lifts that for the wipe only.
                audit = ("case_event", "audit_leaf", "audit_checkpoint")
                for table in audit:
                    conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
                conn.exec_driver_sql(
                    "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
                )
                for table in audit:
                    conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            else:
                for table in tables:
                    conn.exec_driver_sql(f'DELETE FROM "{table}"')
            # What the migrations seed, as a freshly migrated database has it.
            conn.exec_driver_sql("INSERT INTO calendar_version (id, token) VALUES (1, 'initial')")
            # The categories are reference data the migration seeded: put them back.
            conn.execute(sa.insert(Category), [
                {"code": code, "name_id": c.name_id, "name_en": c.name_en, "active": True,
                 "sensitive": c.sensitive, "position": c.position} for code, c in DEFAULTS])
        process_cache.forget()  # RESTART IDENTITY hands the same ids out again
        categories.forget()


@pytest.fixture
def world(db_session: sa.orm.scoped_session) -> dict:
    """The demo organisation and the deployed default process, without demo cases."""
    from tests.factories import build_world

    return build_world()


@pytest.fixture
def coordinator(world: dict) -> Any:
    """A fresh coordinator of Pemkot Medan, the agency the routing table picks for an intake."""
    from domain.enums import Role
    from tests.factories import create_user

    return create_user(Role.COORDINATOR, "medan.secretariat")


@pytest.fixture
def liaison(world: dict) -> Any:
    """A fresh liaison of Dinas Kesehatan, the unit a health complaint is disposed to."""
    from domain.enums import Role
    from tests.factories import create_user

    return create_user(Role.LIAISON, "medan.health")


@pytest.fixture
def national_admin(world: dict) -> Any:
    """A fresh national admin (every unit, every agency)."""
    from domain.enums import Role
    from tests.factories import create_user

    return create_user(Role.NATIONAL_ADMIN)


def advance_working_days(clock: Clock, days: int) -> None:
    clock.advance(timedelta(days=days))


@pytest.fixture
def redis_conn() -> Iterator[object]:
    """The suite's Redis database, emptied before and after each test that uses it."""
    from redis import Redis

    conn = Redis.from_url(REDIS_URL)
    conn.flushdb()
    yield conn
    conn.flushdb()


class FreshContextClient(FlaskClient):
    """Each request in its own app context (as in production); cookies kept like a browser.

    The fixtures hold one app context open for the whole test and Flask would reuse it for
    every request, so `g` (the acting user, the chosen language) would leak from one request
    into the next and hide real bugs.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask, db_session: sa.orm.scoped_session, redis_conn: object) -> FlaskClient:
    """An HTTP client whose requests run inside the test's rolled-back transaction."""
    return FreshContextClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def other_client(app: Flask, db_session: sa.orm.scoped_session) -> FlaskClient:
    """A second browser (another person) against the same test transaction."""
    return FreshContextClient(app, app.response_class, use_cookies=True)
