"""Who is asking: a logged-in officer (session) or an API client (bearer token).

Tokens are signed and time-limited (itsdangerous), carry the user id and a password-hash
fingerprint, so changing a password revokes every token without a token table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, g, redirect, request, session, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from domain.db import db
from domain.enums import Role
from domain.org.models import User
from domain.org.operations import end_sessions

F = TypeVar("F", bound=Callable[..., Any])


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="aduan-api-token")


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def issue_token(user: User) -> str:
    return _serializer().dumps({"uid": user.id, "fp": _fingerprint(user)})


def user_from_token(token: str) -> User | None:
    settings = current_app.config["ADUAN"]
    try:
        data = _serializer().loads(token, max_age=settings.token_ttl)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.active or data.get("fp") != _fingerprint(user):
        return None
    return user


def current_user() -> User | None:
    """The acting user of this request (cached on `g`)."""
    if "user" in g:
        return g.user
    user = None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = user_from_token(header[7:].strip())
    elif request.path.startswith("/api/"):
        # The API is CSRF-exempt, so it must never act on the browser's session cookie.
        user = None
    elif session.get("uid"):
        candidate = db.session.get(User, session["uid"])
        if (
            candidate is not None
            and candidate.active
            and session.get("fp") == _fingerprint(candidate)
            and session.get("ep") == candidate.session_epoch
        ):
            user = candidate
    g.user = user
    return user


def login_session(user: User) -> None:
    session.clear()
    session["uid"], session["fp"] = user.id, _fingerprint(user)
    session["ep"] = user.session_epoch
    session.permanent = True


def logout_session() -> None:
    """End this browser's session and void every copy of its cookie (the epoch moves on)."""
    user = current_user()
    session.clear()
    if user is not None:
        end_sessions(user)


def login_required(*roles: Role) -> Callable[[F], F]:
    """Require a logged-in user (with one of `roles`, if given): 401/redirect, then 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                if request.path.startswith("/api/"):
                    abort(401)
                return redirect(url_for("desk.login", next=request.full_path))
            if roles and not user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def acting_user() -> User:
    """The acting user of a view behind `login_required` (which guarantees one)."""
    user = current_user()
    assert user is not None  # login_required ran first
    return user
