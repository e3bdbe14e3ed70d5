"""Password guesses against one account are limited, wherever they come from.

The per-address limits (desk login, ADUAN_RATE_LIMIT_TOKEN) stop one client; guesses spread
over many addresses would pass them. This limit is keyed by the submitted username (hashed:
keys stay short and hold no names), shared by the desk login and the API token endpoint, and
counts failed attempts only (a 401), so an officer who types his password right is never
counted. Like every limit it falls back to per-process memory while Redis is down.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import Response, current_app
from flask_limiter import RequestLimit

from web.extensions import limiter

SCOPE = "login-account"


def account_key(username: str) -> str:
    """The counter's key for a submitted name (as typed, trimmed, case-folded)."""
    digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return f"account:{digest}"


def _limit() -> str:
    return current_app.config["ADUAN"].rate_limit_account


def _failed(response: Response) -> bool:
    return response.status_code == 401


def account_limit(username_of: Callable[[], str],
                  on_breach: Callable[[RequestLimit], Response]) -> Any:
    """Decorate a login view: `username_of()` reads the submitted name, `on_breach` answers
    (429) once the account had too many failed attempts."""
    return limiter.shared_limit(_limit, scope=SCOPE, key_func=lambda: account_key(username_of()),
                                methods=["POST"], deduct_when=_failed, on_breach=on_breach)
