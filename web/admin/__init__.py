"""Administration pages: the job system's health (sysadmins) and the working-day calendar
(national admins and sysadmins), the API keys of Open311 clients and the agencies' webhooks (the
same)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from web.admin import calendar, open311, views, webhooks  # noqa: E402,F401
