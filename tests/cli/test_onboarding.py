"""`flask org import/export` and `flask users`: an agency joins from one CSV file."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.enums import Role
from domain.org.models import Agency, Region, Unit
from domain.org.operations import authenticate, find_user, unit_by_code
from tests.factories import ready_task, submit

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "kota-bandung.csv"
HEADER = "kind,code,name,parent,region,username,email,role\n"


def _invoke(app, *args: str, input: str | None = None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def _bandung_regions() -> None:
    """Just the areas the example needs (the full load is tested in test_regions)."""
    db.session.add_all([
        Region(code="32", name="Jawa Barat", level=1),
        Region(code="32.73", name="Kota Bandung", level=2, parent_code="32"),
        Region(code="32.73.01", name="Bandung Kulon", level=3, parent_code="32.73"),
    ])
    db.session.flush()


def _import(app, path: Path, *extra: str):
    return _invoke(app, "org", "import", str(path), *extra)


def test_dry_run_lists_the_changes_and_writes_nothing(app, world):
    _bandung_regions()
    result = _import(app, EXAMPLE, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would line 2: create agency pemkot-bandung" in result.output
    assert "would line 6: grant role koordinator.bandung (role=coordinator" in result.output
    assert "dry run: 10 change(s), nothing written" in result.output
    assert db.session.execute(sa.select(Agency).where(Agency.code == "pemkot-bandung")).first() \
        is None


def test_import_creates_the_tree_audited_and_a_rerun_changes_nothing(app, world):
    _bandung_regions()
    result = _import(app, EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "10 change(s) applied" in result.output
    health = unit_by_code("bandung.health")
    secretariat = unit_by_code("bandung.secretariat")
    assert health.agency.code == "pemkot-bandung" and health.parent_id == secretariat.id
    assert health.path == f"{secretariat.path}{health.id}/" and health.region_code == "32.73"
    coordinator = find_user("koordinator.bandung")
    assert [(m.role, m.unit.code) for m in coordinator.memberships] == [
        (Role.COORDINATOR, "bandung.secretariat")]
    assert authenticate("koordinator.bandung", "") is None  # no password until set-password
    kinds = db.session.execute(sa.select(CaseEvent.kind, CaseEvent.actor).where(
        CaseEvent.case_id.is_(None), CaseEvent.kind.in_(("agency_created", "role_granted")))
    ).all()
    cli = "system:cli"
    assert sorted(kinds) == [("agency_created", cli)] + [("role_granted", cli)] * 3
    again = _import(app, EXAMPLE)
    assert again.exit_code == 0 and "no change: already up to date" in again.output
    assert _invoke(app, "audit", "verify").output.strip() == "audit chain intact"


def test_a_bad_line_is_named_and_nothing_of_the_file_is_applied(app, world, tmp_path):
    _bandung_regions()
    bad = tmp_path / "bad.csv"
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "unit,bandung.edu,Dinas Pendidikan,pemkot-nowhere,,,,")
    lines.append("user,,Someone,bandung.health,,someone,x@y.id,king")
    lines.append("unit,bandung.edu2,Dinas Pendidikan,pemkot-bandung,,,,")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _import(app, bad)
    assert result.exit_code == 1
    assert "3 line(s) have problems; nothing was applied" in result.output
    assert "line 5: The parent is not a known agency or unit code." in result.output
    assert "line 10: Unknown role." in result.output
    assert "line 11: This agency has a top unit already" in result.output
    assert unit_by_code("bandung.secretariat") is None


def test_a_wrong_header_or_unknown_region_is_refused(app, world, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("kind,code,name\nagency,x,X\n", encoding="utf-8")
    result = _import(app, wrong)
    assert result.exit_code == 1 and "kind,code,name,parent,region" in result.output
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(HEADER + "agency,pemkot-x,Pemkot X,,99.99,,,\n", encoding="utf-8")
    result = _import(app, unknown)
    assert result.exit_code == 1 and "line 2: Unknown region code" in result.output


def test_export_round_trips_through_import(app, world, tmp_path):
    _bandung_regions()
    assert _import(app, EXAMPLE).exit_code == 0
    exported = tmp_path / "org.csv"
    result = _invoke(app, "org", "export", "--output", str(exported))
    assert result.exit_code == 0, result.output
    text = exported.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    assert "unit,bandung.health,Dinas Kesehatan Kota Bandung,bandung.secretariat,,,," in text
    assert "user,,Admin Nasional,,,admin,admin@aduan.test,national_admin" in text
    again = _import(app, exported)
    assert again.exit_code == 0 and "no change: already up to date" in again.output, again.output


def test_set_password_from_stdin_then_login_works_and_disable_stops_it(app, world):
    _bandung_regions()
    assert _import(app, EXAMPLE).exit_code == 0
    result = _invoke(app, "users", "set-password", "koordinator.bandung",
                     input="rahasia-bandung-1\n")
    assert result.exit_code == 0, result.output
    user = authenticate("koordinator.bandung", "rahasia-bandung-1")
    assert user is not None and user.session_epoch == 1
    short = _invoke(app, "users", "set-password", "koordinator.bandung", input="pendek\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    assert "koordinator.bandung disabled" in _invoke(
        app, "users", "disable", "koordinator.bandung").output
    assert authenticate("koordinator.bandung", "rahasia-bandung-1") is None
    assert "already disabled" in _invoke(app, "users", "disable", "koordinator.bandung").output
    assert _invoke(app, "users", "disable", "nobody").exit_code == 1
    kinds = db.session.execute(sa.select(CaseEvent.kind).where(
        CaseEvent.kind.in_(("user_password_set", "user_disabled")))).scalars().all()
    assert sorted(kinds) == ["user_disabled", "user_password_set"]


def test_a_case_from_a_bandung_district_lands_at_the_imported_agency(app, world):
    _bandung_regions()
    assert _import(app, EXAMPLE).exit_code == 0
    case = submit(region="32.73.01", category="other").case
    assert case.agency.code == "pemkot-bandung" and case.unit is None
    task = ready_task(case, "verify")
    assert task.unit_id == db.session.execute(
        sa.select(Unit.id).where(Unit.code == "bandung.secretariat")).scalar_one()
