"""The supervisor's page: his units' open tasks, least time left first, at-risk ones marked."""

from __future__ import annotations

from flask import abort, render_template, request

from domain.cases.at_risk import SUPERVISING_ROLES, open_tasks, risks
from domain.cases.shielded import titles
from domain.clock import clock
from web.auth import acting_user, login_required
from web.cases import pager_args
from web.desk import bp


@bp.get("/at-risk")
@login_required(*SUPERVISING_ROLES)
def at_risk() -> str:
    user = acting_user()
    now = clock.now()
    try:
        page = open_tasks(user, cursor=request.args.get("after") or None)
    except ValueError:
        abort(400)
    return render_template("desk/at_risk.html", page=page, now=now, args=pager_args(),
                           risks=risks(page.items, now),
                           titles=titles([t.case for t in page.items], user))
