"""The officer desk: login, inbox, case page, task forms, reassignment, notes, identity."""

from __future__ import annotations

from flask import Blueprint

from domain.enums import Role

bp = Blueprint("desk", __name__, url_prefix="/desk")

# Roles that work cases at the desk; auditors read in /audit, other roles have no desk.
DESK_ROLES = (Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.LIAISON, Role.OFFICER, Role.SUPERVISOR)
