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
from web.extensions import babel, csrf, limiter, select_locale

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
        # IMMEDIATE takes the write lock up front: two writers queue on busy_timeout instead
        # of one failing with SQLITE_BUSY when it upgrades a stale read snapshot.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app from ADUAN_* settings; `overrides` (tests) patch Settings fields."""
    settings = settings_module.load()
    if overrides:
        settings = replace(settings, **overrides)
    app = Flask(__name__, instance_path=str(settings.data_dir / "instance"))
    _configure(app, settings)
    _init_extensions(app)
    _register(app)
    _install_hooks(app)
    return app


def _configure(app: Flask, settings: settings_module.Settings) -> None:
    """Flask, rate-limit, Babel and CSRF settings from ADUAN_*; proxies trusted if told."""
    if settings.proxies:
        # Trust exactly the configured proxies' X-Forwarded-* (client address for rate limits).
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxies, x_proto=settings.proxies
        )
    app.config.update(settings.flask_config())
    logging.basicConfig(level=settings.log_level)

    app.config.update(
        RATELIMIT_STORAGE_URI=settings.redis_url,
        RATELIMIT_KEY_PREFIX="aduan-limits",
        RATELIMIT_ENABLED=settings.rate_limits_enabled,
        # Redis holds only counters: when it is unreachable every limit goes on, counted in
        # this process's memory (Flask-Limiter logs the switch and checks Redis again with a
        # backoff), so intake, tracking and login never fail for want of a counter.
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_SWALLOW_ERRORS=True,
        RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 1, "socket_timeout": 2},
        # One catalogue for pages, API, letters and notifications (wording/, babel.cfg).
        BABEL_TRANSLATION_DIRECTORIES=str(settings_module.ROOT / "wording" / "translations"),
        WTF_CSRF_TIME_LIMIT=None,  # the session's lifetime bounds the token
        BABEL_DEFAULT_TIMEZONE="Asia/Jakarta",  # pages show WIB; the database keeps UTC
    )


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    migrate.init_app(app, db, directory=str(settings_module.ROOT / "migrations"))
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _sqlite_pragmas(app)


def _register(app: Flask) -> None:
    """Commands, the after-commit dispatch, error pages and every blueprint."""
    from web.blueprints import register_blueprints
    from web.cli import register_cli
    from web.errors import (
        register_error_handlers,
        register_rate_limit_handler,
        register_unavailable_handlers,
    )
    from web.request_guard import install as install_request_guard

    register_cli(app)
    # After each commit, new timer and outbox rows become RQ jobs (see jobs/dispatch.py).
    from jobs.dispatch import install as install_dispatch

    install_dispatch()
    register_error_handlers(app)
    register_unavailable_handlers(app)
    register_rate_limit_handler(app)
    install_request_guard(app)
    register_blueprints(app)


def _install_hooks(app: Flask) -> None:
    """Template globals, response headers, the request-as-transaction, and /healthz."""
    from web.errors import DATABASE_UNAVAILABLE, database_unavailable

    @app.context_processor
    def template_globals() -> dict[str, Any]:
        from flask_babel import get_locale

        from domain.org import permissions
        from web.auth import current_user

        # The navigation asks the same role rules as the views' guards (domain/org/permissions).
        return {"get_locale": get_locale, "current_user": current_user,
                "audits_only": permissions.audits_only, "uses_studio": permissions.uses_studio,
                "manages_org": permissions.manages_org}

    @app.after_request
    def security_headers(response: Response) -> Response:
        """No inline script, no third-party origin, no framing: citizen text stays inert."""
        # The map's tile server (ADUAN_TILE_URL) is the one other origin, for images only.
        tiles = app.config["ADUAN"].tile_origin
        images = f"'self' data: {tiles}" if tiles else "'self' data:"
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'self'; img-src {images}; style-src 'self'; script-src 'self'; "
            "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # Cookies that only travel over HTTPS mean the site is served over HTTPS: tell the
        # browser never to try plain HTTP (no includeSubDomains: other hosts of the domain
        # are not ours to decide). Plain-HTTP development (ADUAN_SECURE_COOKIES=0) sends none.
        hsts = app.config["ADUAN"].hsts_seconds
        if app.config["SESSION_COOKIE_SECURE"] and hsts > 0:
            response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}")
        return response

    @app.after_request
    def commit_on_success(response: Response) -> Response:
        """The request is the transaction: commit what succeeded, drop what did not."""
        if response.status_code < 400:
            try:
                db.session.commit()
            except DATABASE_UNAVAILABLE as exc:  # it went away after the view: nothing saved
                return database_unavailable(exc)
        else:
            db.session.rollback()
        return response

    from web import health

    health.register(app)
