"""/healthz: whether this web process can reach what it needs, always as JSON.

200 {"status": "ok", "database": "ok", "redis": "ok"} when both answer; otherwise 503 with
Retry-After and which one is "unavailable". Redis down still leaves intake, tracking and
login working (limits fall back to memory, the sweeper re-enqueues jobs), so a monitor
should read the body: "redis": "unavailable" is degraded, "database" is down.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask, Response, current_app, jsonify
from redis.exceptions import RedisError

from domain.db import db
from jobs import queues
from web.errors import RETRY_AFTER_SECONDS

log = logging.getLogger(__name__)


def _database() -> str:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return "ok"
    except sa.exc.SQLAlchemyError as exc:
        log.warning("healthz: database unavailable (%s)", type(exc).__name__)
        try:
            db.session.rollback()
        except sa.exc.SQLAlchemyError:
            pass
        return "unavailable"


def _redis() -> str:
    try:
        queues.redis_connection(current_app.config["ADUAN"].redis_url).ping()
        return "ok"
    except RedisError as exc:
        log.warning("healthz: Redis unavailable (%s)", type(exc).__name__)
        return "unavailable"


def register(app: Flask) -> None:
    @app.get("/healthz")
    def healthz() -> Response:
        checks = {"database": _database(), "redis": _redis()}
        healthy = all(state == "ok" for state in checks.values())
        response = jsonify({"status": "ok" if healthy else "unavailable", **checks})
        if not healthy:
            response.status_code = 503
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response
