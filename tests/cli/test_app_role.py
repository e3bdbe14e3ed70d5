"""`flask audit grant-app-role ROLE`: the role docker compose runs the app as can use every
table but cannot change or delete audit rows."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from domain.audit.app_role import grant_statements
from domain.db import db
from tests.factories import submit


def test_a_role_name_that_is_not_plain_is_refused():
    with pytest.raises(ValueError):
        grant_statements('x"; DROP TABLE case_event; --')


@pytest.mark.postgres_only
def test_the_app_role_writes_cases_but_cannot_update_or_delete_audit_rows(app, world):
    submit()
    db.session.flush()
    role = f"aduan_app_grant_{os.getpid()}"  # cluster-wide; rolled back with the test
    db.session.execute(sa.text(f"CREATE ROLE {role}"))
    result = app.test_cli_runner().invoke(args=["audit", "grant-app-role", role])
    assert result.exit_code == 0, result.output
    assert "case_event, audit_leaf, audit_checkpoint append-only" in result.output

    def may(table: str, privilege: str) -> bool:
        return db.session.execute(sa.text("SELECT has_table_privilege(:r, :t, :p)"),
                                  {"r": role, "t": table, "p": privilege}).scalar_one()

    assert may("case", "UPDATE") and may("reporter", "DELETE") and may("case_event", "INSERT")
    for table in ("case_event", "audit_leaf", "audit_checkpoint"):
        assert may(table, "SELECT") and not may(table, "UPDATE") and not may(table, "DELETE")
        assert not may(table, "TRUNCATE")
    db.session.execute(sa.text(f"SET LOCAL ROLE {role}"))
    with pytest.raises(sa.exc.DBAPIError, match="permission denied"), db.session.begin_nested():
        db.session.execute(sa.text("DELETE FROM case_event"))
    db.session.execute(sa.text("RESET ROLE"))


def test_compose_runs_the_app_as_the_granted_role_and_migrates_as_the_owner():
    from pathlib import Path

    import yaml

    docker = Path(__file__).resolve().parents[2] / "docker"
    services = yaml.safe_load((docker / "docker-compose.yml").read_text())["services"]
    for name in ("web", "worker", "scheduler"):
        assert "//aduan_app:" in services[name]["environment"]["ADUAN_DATABASE_URL"], name
    migrate = services["migrate"]
    assert "//aduan:" in migrate["environment"]["ADUAN_DATABASE_URL"]
    assert "flask audit grant-app-role aduan_app" in migrate["command"][-1]
    assert "./postgres-init:/docker-entrypoint-initdb.d:ro" in services["postgres"]["volumes"]
    init = (docker / "postgres-init" / "10-app-role.sh").read_text()
    assert "CREATE ROLE aduan_app LOGIN" in init
