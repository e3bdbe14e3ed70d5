"""Open311 GeoReport v2 under `/open311/v2/`: civic clients (FixMyStreet, SeeClickFix,
open311-adapter) read the public requests and file new ones with an API key.

Every error answers in GeoReport's own shape and in the format the URL asked for: 403 for a
bad key, 404 for an unknown service, request or jurisdiction, 429 past the rate limit, 400
for anything else the client sent wrong, never a stack trace.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, request
from flask_limiter import RateLimitExceeded
from werkzeug.exceptions import HTTPException

from domain.db import db
from domain.errors import DomainError, Forbidden, NotFound
from web.errors import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS
from web.open311.render import error_answer, format_of
from wording import open311 as words

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
log = logging.getLogger(__name__)


def _status_of(exc: DomainError) -> int:
    """GeoReport knows three answers to a bad request: 403, 404 and 400."""
    if isinstance(exc, Forbidden):
        return 403
    if isinstance(exc, NotFound):
        return 404
    return 400


@bp.before_request
def check_jurisdiction() -> None:
    """`jurisdiction_id` is optional (this server answers for one); a wrong one is 404."""
    given = request.values.get("jurisdiction_id", "").strip()
    if given and given != current_app.config["ADUAN"].open311_jurisdiction:
        raise NotFound("open311_jurisdiction_not_found")


@bp.errorhandler(DomainError)
def domain_error(exc: DomainError) -> Response:
    db.session.rollback()
    return error_answer(format_of(request.path), _status_of(exc), words.error_description(exc))


@bp.errorhandler(RateLimitExceeded)
def rate_limited(exc: RateLimitExceeded) -> Response:
    db.session.rollback()
    return error_answer(format_of(request.path), 429, words.http_description(429))


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Response:
    db.session.rollback()
    status = exc.code if exc.code in (403, 404, 405, 429) else 400
    return error_answer(format_of(request.path), status, words.http_description(status))


@bp.errorhandler(Exception)
def unexpected(exc: Exception) -> Response:
    db.session.rollback()
    if isinstance(exc, DATABASE_UNAVAILABLE):
        log.error("database unavailable: %s", type(exc).__name__)
        response = error_answer(format_of(request.path), 503, words.http_description(500))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    log.exception("unhandled error in Open311")
    return error_answer(format_of(request.path), 500, words.http_description(500))


from web.open311 import routes  # noqa: E402,F401
