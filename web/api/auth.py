"""POST /api/v1/auth/token: a username and password for a signed, time-limited bearer token."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask_babel import gettext as _

from domain.errors import DomainError
from domain.org.operations import authenticate
from web.api import bp
from web.api.common import json_body, limit_of, load, settings
from web.api.schemas import TokenRequestSchema, TokenSchema
from web.auth import issue_token
from web.errors import error_response
from web.extensions import limiter
from web.login_throttle import login_throttle


class BadCredentials(DomainError):
    """401 in the API's error shape; which of the two was wrong is never said."""

    status, code = 401, "unauthorized"


def _submitted_username() -> str:
    body = request.get_json(silent=True)
    name = body.get("username") if isinstance(body, dict) else None
    return name if isinstance(name, str) else ""


def _locked(which: str) -> Response:
    message = (_("Terlalu banyak percobaan masuk yang gagal untuk akun ini; coba lagi nanti.")
               if which == "account" else
               _("Terlalu banyak percobaan masuk yang gagal dari alamat ini; coba lagi nanti."))
    return error_response(429, "too_many_attempts", message, None)


@bp.post("/auth/token")
@limiter.limit(limit_of("rate_limit_token"))
@login_throttle(_submitted_username, on_breach=_locked)
def issue() -> tuple[dict[str, Any], int]:
    """Trade a password for a bearer token (rate-limited per address and, for failed
    attempts, per account against guessing)."""
    credentials = load(TokenRequestSchema(), json_body())
    user = authenticate(credentials["username"], credentials["password"])
    if user is None:
        raise BadCredentials("bad_credentials")
    body = {
        "token": issue_token(user),
        "expires_in": settings().token_ttl,
        "user": {"username": user.username, "roles": sorted(r.value for r in user.roles())},
    }
    return TokenSchema().dump(body), 200
