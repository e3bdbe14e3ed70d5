"""The desk's statistics: the same figures as the portal, for the officer's own scope
(confidential cases included), or every scope for an auditor."""

from __future__ import annotations

from flask import render_template

from domain.org.permissions import CASE_READER_ROLES
from web.auth import acting_user, login_required
from web.desk import bp
from web.statistics import statistics_context


@bp.get("/statistics")
@login_required(*CASE_READER_ROLES)
def statistics() -> str:
    return render_template("desk/statistics.html", s=statistics_context(acting_user()))
