"""The officer desk: login, inbox, case page, task forms, reassignment, notes, identity.

Who works here: `domain.org.permissions.DESK_ROLES`.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("desk", __name__, url_prefix="/desk")
