"""Domain errors mapped to HTTP responses once: JSON under /api, a page elsewhere.

Every JSON error has one shape: {"error": {"code", "message", "details"}}, the message in
the request's language. No stack trace ever reaches a client.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

import engine
from domain.db import db
from domain.errors import DomainError
from wording import errors as error_words

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, code: str, message: str, details: Any = None) -> Response:
    if wants_json():
        response = jsonify({"error": {"code": code, "message": message, "details": details}})
    else:
        try:
            body = render_template("error.html", status=status, message=message, details=details)
        except Exception:  # the error page itself failed: still answer, never a trace
            log.exception("error page failed to render")
            body = f"{status} {message}"
        response = Response(body, mimetype="text/html")
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> Response:
        db.session.rollback()
        # The domain gives a code and its parameters; the words are wording.errors', in the
        # request's language, and the code stays available as details.reason.
        return error_response(exc.status, exc.code, error_words.message(exc),
                              error_words.details(exc))

    @app.errorhandler(ValidationError)
    def schema_error(exc: ValidationError) -> Response:
        db.session.rollback()
        return error_response(422, "invalid", _("Periksa kembali isian Anda."),
                              error_words.field(exc.messages))

    @app.errorhandler(engine.DeployError)
    def deploy_error(exc: engine.DeployError) -> Response:
        db.session.rollback()
        details = [{"element_id": i.element_id, "message": i.message} for i in exc.issues]
        return error_response(422, "invalid_process", _("Definisi proses ditolak."), details)

    @app.errorhandler(engine.EngineError)
    def engine_error(exc: engine.EngineError) -> Response:
        db.session.rollback()
        log.error("engine error: %s", exc)
        return error_response(500, "process_failed", _("Proses gagal dijalankan."), None)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        db.session.rollback()
        code = (exc.name or "error").lower().replace(" ", "_")
        messages = {
            404: _("Halaman atau data tidak ditemukan."),
            405: _("Metode tidak diizinkan."),
            413: _("Berkas terlalu besar."),
            429: _("Terlalu banyak permintaan; coba lagi sebentar lagi."),
            400: _("Permintaan tidak valid."),
            401: _("Silakan masuk terlebih dahulu."),
            403: _("Anda tidak berwenang."),
        }
        return error_response(exc.code or 500, code, messages.get(exc.code or 500, exc.name), None)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        db.session.rollback()
        log.exception("unhandled error")
        return error_response(500, "internal", _("Terjadi kesalahan pada server."), None)


# A database that does not answer (down, restarting, refusing connections, pool exhausted) is
# the server's temporary state, not a bug: 503 with Retry-After, so clients and proxies retry.
DATABASE_UNAVAILABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError,
                        sa.exc.DisconnectionError)
RETRY_AFTER_SECONDS = 30


def unavailable_response(what: str) -> Response:
    """503 in the error shape with Retry-After; `what` is the missing dependency."""
    response = error_response(503, "unavailable",
                              _("Layanan sedang tidak tersedia; coba lagi beberapa saat lagi."),
                              {"unavailable": what})
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_unavailable(exc: Exception) -> Response:
    """The answer to a database that did not answer (a view's query or the commit)."""
    log.error("database unavailable: %s", type(exc).__name__)
    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:  # the connection is gone; the pool drops it
        log.debug("rollback after a database outage failed", exc_info=True)
    g.user = None  # the error page must not ask the database who is logged in
    return unavailable_response("database")


def register_unavailable_handlers(app: Flask) -> None:
    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, database_unavailable)


def register_rate_limit_handler(app: Flask) -> None:
    @app.errorhandler(RateLimitExceeded)
    def rate_limited(exc: RateLimitExceeded) -> Response:
        """A limit that words its own answer (the login throttle) keeps it; others get the
        generic 429."""
        db.session.rollback()
        if exc.response is not None:
            return exc.response
        return error_response(429, "too_many_requests",
                              _("Terlalu banyak permintaan; coba lagi sebentar lagi."), None)


def nul_refused(where: str) -> Response:
    """400 for a NUL byte in the path or a query parameter (web/request_guard.py)."""
    return error_response(400, "bad_request", _("Permintaan tidak valid."),
                          {where: [_("Karakter NUL tidak diizinkan.")]})
