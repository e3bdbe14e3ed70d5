"""Administration pages: the job system's health (sysadmins), the working-day calendar
(national admins and sysadmins), and the organisation (agencies, units, users: national
admins, and coordinators for their own agency)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from web.admin import (  # noqa: E402,F401
    accounts,
    calendar,
    categories,
    org_people,
    org_structure,
    views,
)
