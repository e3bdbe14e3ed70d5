"""Flask extensions, created once and bound in the app factory."""

from __future__ import annotations

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

LOCALES = ("id", "en")


def select_locale() -> str:
    """?lang= wins, then the session's choice, then Indonesian (the default).

    The APIs (JSON and Open311) have no session (tokens and keys only), so there
    Accept-Language stands in for it;
    pages ignore the header on purpose: Indonesian stays the default a browser cannot undo.
    """
    from flask import has_request_context, session

    if not has_request_context():  # a worker or the CLI: the default, unless forced
        return "id"
    if request.path.startswith(("/api/", "/open311/")):
        chosen = request.args.get("lang") or request.accept_languages.best_match(LOCALES)
    else:
        chosen = request.args.get("lang") or session.get("lang")
    return chosen if chosen in LOCALES else "id"


babel = Babel()
csrf = CSRFProtect()
# Limits live in Redis (shared by every web process), else in memory while Redis is down;
# storage and fallback are set by the factory (web/app.py).
limiter = Limiter(key_func=get_remote_address, headers_enabled=True)
