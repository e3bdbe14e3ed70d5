"""Administration pages: the job system's health (sysadmins) and the working-day calendar
(national admins and sysadmins), and the API keys of Open311 clients (the same)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from web.admin import calendar, open311, views  # noqa: E402,F401
