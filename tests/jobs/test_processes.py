"""The commands that run the job system, and the compose file that deploys them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
import yaml

from domain.audit.models import CaseEvent
from domain.cases.models import Timer
from domain.db import db
from jobs.sweeper import HEARTBEAT
from tests.factories import submit

ROOT = Path(__file__).resolve().parents[2]


def test_scheduler_once_as_of_fires_overdue_timers_and_restores_jobs(app, committed_world,
                                                                      redis_conn):
    case = submit().case
    db.session.commit()
    due = db.session.execute(sa.select(Timer.due_at).where(Timer.case_id == case.id)).scalar_one()
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["scheduler", "--once", "--as-of", (due + timedelta(seconds=1)).isoformat()])
    assert result.exit_code == 0, result.output
    assert "fired 1 timer(s)" in result.output and "redis ok" in result.output
    assert redis_conn.exists(HEARTBEAT)
    fired = db.session.execute(sa.select(sa.func.count()).select_from(CaseEvent).where(
        CaseEvent.kind == "timer_fired")).scalar_one()
    assert fired == 1


def test_worker_burst_runs_the_queued_jobs(app, committed_world, redis_conn, sinks):
    submit()  # the receipt goes out through the notifications queue
    db.session.commit()
    try:
        result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    finally:
        from jobs.runtime import set_app

        set_app(None)
    assert result.exit_code == 0, result.output
    assert (sinks / "email.log").exists() and (sinks / "sms.log").exists()


def test_calendar_commands_declare_and_list_cuti_bersama(app, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["calendar", "add-day", "2026-12-24", "Cuti bersama Natal"])
    assert result.exit_code == 0 and "2026-12-24  cuti_bersama  Cuti bersama Natal" in result.output
    listing = runner.invoke(args=["calendar", "list", "--year", "2026"]).output
    assert "2026-12-24  Thu  cuti_bersama  Cuti bersama Natal" in listing
    assert "2026-12-25  Fri  national" in listing  # Christmas, from the holidays package
    assert runner.invoke(args=["calendar", "remove-day", "2026-12-24"]).output.strip() == "removed"
    bad = runner.invoke(args=["calendar", "add-day", "24-12-2026", "x"])
    assert bad.exit_code != 0 and "not a date" in bad.output


def test_compose_file_runs_every_process_with_health_checks():
    compose = yaml.safe_load((ROOT / "docker" / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "scheduler", "postgres", "redis"} <= set(services)
    for name in ("web", "worker", "scheduler", "postgres", "redis"):
        assert services[name]["healthcheck"]["test"], name
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:2] == ["flask", "worker"]
    assert services["scheduler"]["command"][:2] == ["flask", "scheduler"]
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert "aduan-data:/data" in services[name]["volumes"]  # letters: written, then served
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "fonts-dejavu-core" in dockerfile and "libpango-1.0-0" in dockerfile
    # The studio needs its bundles in production too, and `alembic upgrade` its ini file.
    assert "npm ci" in dockerfile and "COPY --from=frontend" in dockerfile
    assert "alembic.ini" in dockerfile
