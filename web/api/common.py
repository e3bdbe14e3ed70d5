"""What every API view needs: the caller, the request's language, parsed input, limits.

Kept out of `web/api/__init__.py`, which only defines the blueprint and imports the route
modules, so that modules of other features can hang off the same blueprint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_babel import get_locale
from marshmallow import Schema

from domain.errors import InvalidData
from domain.org.models import User
from web.auth import current_user
from web.settings import Settings


def settings() -> Settings:
    return current_app.config["ADUAN"]


def locale() -> str:
    """The request's language code ("id" or "en"), as operations expect it."""
    return str(get_locale() or "id")


def limit_of(name: str) -> Callable[[], str]:
    """A Flask-Limiter limit read from Settings per request, so tests and operators can
    change it without re-decorating views."""
    return lambda: getattr(settings(), name)


def json_body() -> dict[str, Any]:
    """The request's JSON object; anything else is a 422 in the one error shape."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise InvalidData("json_object_required", details={"_body": ["json_object"]})
    return payload


def load(schema: Schema, payload: Any) -> Any:
    """Validate input with a marshmallow schema (errors become 422 via web/errors.py)."""
    return schema.load(payload)


def officer() -> User:
    """The bearer token's user; the API never falls back to a cookie. 401 otherwise."""
    from flask import abort

    user = current_user()
    if user is None:
        abort(401)
    return user
