"""The application factory."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response
from flask_migrate import Migrate

import domain.models  # noqa: F401  (every model on the metadata, for Alembic)
from domain.db import db
from web import settings as settings_module

migrate = Migrate()


def _sqlite_pragmas(app: Flask) -> None:
    """Foreign keys on, WAL and a busy timeout so the embedded default behaves under load.

    pysqlite also opens transactions lazily and breaks SAVEPOINT; letting SQLAlchemy emit
    BEGIN itself gives SQLite the same transaction semantics as PostgreSQL.
    """

    @sa.event.listens_for(db.engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(db.engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app from ADUAN_* settings; `overrides` (tests) patch Settings fields."""
    settings = settings_module.load()
    if overrides:
        settings = replace(settings, **overrides)
    app = Flask(__name__, instance_path=str(settings.data_dir / "instance"))
    app.config.update(settings.flask_config())
    logging.basicConfig(level=settings.log_level)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(settings_module.ROOT / "migrations"))
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _sqlite_pragmas(app)

    from jobs.worker import register_worker_cli
    from web.cli import register_cli

    register_cli(app)
    register_worker_cli(app)

    @app.after_request
    def commit_on_success(response: Response) -> Response:
        """The request is the transaction: commit what succeeded, drop what did not."""
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        db.session.execute(sa.text("SELECT 1"))
        return {"status": "ok"}

    return app
