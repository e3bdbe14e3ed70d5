"""Administration pages: the job system's health (sysadmins), the working-day calendar
(national admins and sysadmins), the organisation (agencies, units, users: national admins,
and coordinators for their own agency), and machine clients: Open311 API keys and agency
webhooks (national admins and sysadmins)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from web.admin import (  # noqa: E402,F401
    accounts,
    calendar,
    categories,
    open311,
    org_people,
    org_structure,
    views,
    webhooks,
)
