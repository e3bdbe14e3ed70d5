"""`/admin/jobs`: queues, workers, failed jobs with their error, timers and outbox backlog."""

from __future__ import annotations

from flask import current_app, render_template

from domain.org.permissions import JOBS_ROLES
from jobs.status import snapshot
from web.admin import bp
from web.auth import login_required


@bp.get("/jobs")
@login_required(*JOBS_ROLES)
def jobs() -> str:
    """Read-only; a sysadmin reads this when deadlines seem late or mail does not arrive."""
    state = snapshot(current_app.config["ADUAN"].redis_url)
    return render_template("admin/jobs.html", state=state)
