"""Alembic environment: runs under `flask db ...` (Flask-Migrate) and plain `alembic`."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import has_app_context

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def _app_context():
    if has_app_context():
        return None
    from web.app import create_app

    ctx = create_app().app_context()
    ctx.push()
    return ctx


def run_migrations_online() -> None:
    ctx = _app_context()
    try:
        from domain.db import db

        connectable = db.engine
        with connectable.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=db.metadata,
                # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        if ctx is not None:
            ctx.pop()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run against a database")
run_migrations_online()
