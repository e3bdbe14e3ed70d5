"""Administration pages: the job system's health (sysadmins) and the working-day calendar
(national admins and sysadmins)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from web.admin import accounts, calendar, categories, views  # noqa: E402,F401
