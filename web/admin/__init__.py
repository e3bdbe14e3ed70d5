"""Administration pages: the job system's health (sysadmins), the working-day calendar
(national admins and sysadmins), and the organisation (agencies, units, users: national
admins, and coordinators for their own agency)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from web.admin import calendar, org_people, org_structure, views  # noqa: E402,F401
