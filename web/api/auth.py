"""POST /api/v1/auth/token: a username and password for a signed, time-limited bearer token."""

from __future__ import annotations

from typing import Any

from domain.errors import DomainError
from domain.org.operations import authenticate
from web.api import bp
from web.api.common import json_body, limit_of, load, settings
from web.api.schemas import TokenRequestSchema, TokenSchema
from web.auth import issue_token
from web.extensions import limiter


class BadCredentials(DomainError):
    """401 in the API's error shape; which of the two was wrong is never said."""

    status, code = 401, "unauthorized"


@bp.post("/auth/token")
@limiter.limit(limit_of("rate_limit_token"))
def issue() -> tuple[dict[str, Any], int]:
    """Trade a password for a bearer token (rate-limited per address against guessing)."""
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
