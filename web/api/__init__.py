"""JSON API v1. Bearer tokens only (no cookies), so it is exempt from CSRF."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from web.api import (  # noqa: E402,F401
    admin_org,
    admin_users,
    auth,
    cases,
    categories,
    letters,
    openapi,
    privacy,
    process_models,
    tasks,
)
