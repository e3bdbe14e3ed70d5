"""The CLI drives the whole lifecycle without the web, as ops and tests need it."""

from __future__ import annotations

import json
from datetime import timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from tests.factories import intake, tamper_audit

BPMN = Path(__file__).resolve().parents[2] / "bpmn" / "complaint.bpmn"


def _invoke(app, *args: str, input: str | None = None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def _submit(app, tmp_path: Path, **overrides) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(intake(**overrides)), encoding="utf-8")
    result = _invoke(app, "cases", "submit", "--json", str(path))
    assert result.exit_code == 0, result.output
    return result.output.split()[-1]


def test_demo_loads_once(app, db_session):
    first = _invoke(app, "demo")
    assert first.exit_code == 0 and "demo data loaded" in first.output
    assert "already loaded" in _invoke(app, "demo").output


def test_submit_list_complete_and_verify(app, world, tmp_path):
    tracking_id = _submit(app, tmp_path)
    assert len(tracking_id) == 8
    listed = _invoke(app, "tasks", "list", "--user", "verifier", "--json")
    tasks = [t for t in json.loads(listed.output) if t["case"] == tracking_id]
    assert [t["task"] for t in tasks] == ["verify"] and tasks[0]["rule"] == "verify_3hk"
    data = json.dumps({"decision": "valid", "summary": "Obat kosong", "unit_code": "medan.health"})
    done = _invoke(
        app,
        "tasks",
        "complete",
        tasks[0]["id"],
        "--user",
        "verifier",
        "--data",
        data,
        "--version",
        str(tasks[0]["case_version"]),
    )
    assert done.exit_code == 0, done.output
    assert f"{tracking_id} follow_up" in done.output
    again = _invoke(app, "tasks", "complete", tasks[0]["id"], "--user", "verifier", "--data", data)
    assert again.exit_code == 2 and "already completed" in again.output
    assert _invoke(app, "audit", "verify").output.strip() == "audit chain intact"


def test_invalid_submission_is_explained(app, world, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"kind": "rant", "title": "x"}), encoding="utf-8")
    result = _invoke(app, "cases", "submit", "--json", str(path))
    assert result.exit_code == 2
    assert "kind" in result.output and "description" in result.output


def test_invalid_task_data_names_the_fields(app, world, tmp_path):
    tracking_id = _submit(app, tmp_path)
    tasks = json.loads(_invoke(app, "tasks", "list", "--user", "verifier", "--json").output)
    task = next(t for t in tasks if t["case"] == tracking_id)
    result = _invoke(
        app,
        "tasks",
        "complete",
        task["id"],
        "--user",
        "verifier",
        "--data",
        json.dumps({"decision": "archive"}),
    )
    assert result.exit_code == 2 and "reason" in result.output


def test_sweep_as_of_moves_overdue_cases_along(app, world, clock, tmp_path):
    tracking_id = _submit(app, tmp_path)
    as_of = (clock.now() + timedelta(days=10)).isoformat()
    result = _invoke(app, "timers", "sweep", "--as-of", as_of)
    assert result.exit_code == 0 and "fired 1 timer" in result.output
    tasks = json.loads(_invoke(app, "tasks", "list", "--user", "admin", "--json").output)
    assert [t["task"] for t in tasks if t["case"] == tracking_id] == ["verify_national"]
    assert "fired 0 timer" in _invoke(app, "timers", "sweep", "--as-of", as_of).output


def test_sweep_rejects_a_malformed_time(app, world):
    result = _invoke(app, "timers", "sweep", "--as-of", "next tuesday")
    assert result.exit_code == 1 and "ISO" in result.output


def test_audit_verify_names_a_tampered_row(app, world, tmp_path):
    _submit(app, tmp_path)
    row = db.session.execute(
        sa.select(CaseEvent).order_by(CaseEvent.id.desc()).limit(1)
    ).scalar_one()
    tamper_audit()
    db.session.execute(sa.update(CaseEvent).where(CaseEvent.id == row.id).values(actor="mallory"))
    result = _invoke(app, "audit", "verify")
    assert result.exit_code == 1
    assert f"seq {row.seq} (event {row.id})" in result.output


def test_deploy_same_file_is_idempotent_and_a_change_is_a_new_version(app, world, tmp_path):
    same = _invoke(app, "processes", "deploy", str(BPMN), "--key", "complaint")
    assert same.exit_code == 0 and "already deployed: complaint version 1" in same.output
    changed = tmp_path / "complaint.bpmn"
    changed.write_text(
        BPMN.read_text(encoding="utf-8").replace(
            'name="Verifikasi laporan"', 'name="Verifikasi laporan masuk"'
        ),
        encoding="utf-8",
    )
    result = _invoke(app, "processes", "deploy", str(changed), "--key", "complaint")
    assert result.exit_code == 0, result.output
    assert "deployed: complaint version 2" in result.output


def _hostile(tmp_path: Path, old: str, new: str) -> Path:
    text = BPMN.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "hostile.bpmn"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_deploy_refuses_a_script_that_imports_os(app, world, tmp_path):
    path = _hostile(tmp_path, "holds = 0", "__import__('os').system('id')\nholds = 0")
    result = _invoke(app, "processes", "deploy", str(path), "--key", "evil")
    assert result.exit_code == 2
    assert "init" in result.output  # the element is named


def test_deploy_refuses_a_condition_walking_subclasses(app, world, tmp_path):
    path = _hostile(
        tmp_path,
        "decision == 'archive'",
        "().__class__.__base__.__subclasses__() and decision == 'archive'",
    )
    result = _invoke(app, "processes", "deploy", str(path), "--key", "evil")
    assert result.exit_code == 2 and "flow_" in result.output


def test_deploy_refuses_xxe(app, world, tmp_path):
    text = BPMN.read_text(encoding="utf-8")
    head, rest = text.split("?>", 1)
    path = tmp_path / "xxe.bpmn"
    path.write_text(
        head + '?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + rest, encoding="utf-8"
    )
    result = _invoke(app, "processes", "deploy", str(path), "--key", "evil")
    assert result.exit_code == 2 and "DOCTYPE" in result.output


def test_sweep_with_a_local_offset_keeps_the_audit_chain_intact(app, world, clock, tmp_path):
    """README's form `--as-of ...+07:00`: events are hashed in UTC, as the database returns."""
    _submit(app, tmp_path)
    as_of = (clock.now() + timedelta(days=10)).astimezone(timezone(timedelta(hours=7)))
    assert "+07:00" in as_of.isoformat()
    assert "fired 1 timer" in _invoke(app, "timers", "sweep", "--as-of", as_of.isoformat()).output
    db.session.expire_all()  # read the events back from the database, not the session
    result = _invoke(app, "audit", "verify")
    assert result.exit_code == 0, result.output


def test_every_command_group_is_registered(app):
    names = set(app.cli.commands)
    assert {
        "demo", "processes", "cases", "tasks", "timers", "audit", "calendar", "worker",
        "scheduler",
    } <= names
    assert set(app.cli.commands["tasks"].commands) == {"list", "complete"}
    assert set(app.cli.commands["calendar"].commands) == {"add-day", "remove-day", "list"}


def _last_case_events(tracking_id: str):
    from domain.cases.models import Case

    case = db.session.execute(sa.select(Case).where(Case.tracking_id == tracking_id)).scalar_one()
    rows = db.session.execute(
        sa.select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.seq)
    ).scalars().all()
    return case, rows


def test_audit_verify_names_a_deleted_last_event(app, world, tmp_path):
    case, rows = _last_case_events(_submit(app, tmp_path))
    tamper_audit()
    db.session.execute(sa.delete(CaseEvent).where(CaseEvent.id == rows[-1].id))
    result = _invoke(app, "audit", "verify")
    assert result.exit_code == 1
    assert f"BROKEN case:{case.id} seq {rows[-1].seq}" in result.output
    assert "missing tail" in result.output


def test_audit_verify_names_a_deleted_chain(app, world, tmp_path):
    case, _rows = _last_case_events(_submit(app, tmp_path))
    tamper_audit()
    db.session.execute(sa.delete(CaseEvent).where(CaseEvent.case_id == case.id))
    result = _invoke(app, "audit", "verify")
    assert result.exit_code == 1
    assert f"BROKEN case:{case.id}" in result.output and "missing chain" in result.output


def test_checkpoints_are_written_exported_and_checked_from_outside(app, world, tmp_path):
    case, _rows = _last_case_events(_submit(app, tmp_path))
    written = _invoke(app, "audit", "checkpoint")
    assert written.exit_code == 0 and "checkpoint: " in written.output
    exported = _invoke(app, "audit", "checkpoints", "--json")
    kept = tmp_path / "ombudsman.json"
    kept.write_text(exported.output, encoding="utf-8")
    assert json.loads(exported.output)[0]["root_hash"] in written.output
    ok = _invoke(app, "audit", "verify", "--checkpoint", str(kept))
    assert ok.exit_code == 0, ok.output
    # The owner rewrites history: the case's events, their leaves and every checkpoint go.
    tamper_audit()
    from domain.audit.models import AuditCheckpoint, AuditLeaf

    ids = sa.select(CaseEvent.id).where(CaseEvent.case_id == case.id)
    db.session.execute(sa.delete(AuditLeaf).where(AuditLeaf.event_id.in_(ids)))
    db.session.execute(sa.delete(CaseEvent).where(CaseEvent.case_id == case.id))
    db.session.execute(sa.delete(AuditCheckpoint))
    db.session.execute(sa.update(case.__class__).where(case.__class__.id == case.id)
                       .values(audit_seq=None, audit_hash=None))
    assert _invoke(app, "audit", "verify").exit_code == 0  # nothing inside contradicts it
    result = _invoke(app, "audit", "verify", "--checkpoint", str(kept))
    assert result.exit_code == 1
    assert "exported checkpoint" in result.output and str(kept) in result.output


def test_a_consistency_proof_links_an_exported_checkpoint_to_the_latest(app, world, tmp_path):
    from domain.audit import merkle

    _submit(app, tmp_path)
    assert _invoke(app, "audit", "checkpoint").exit_code == 0
    kept = tmp_path / "old.json"
    kept.write_text(_invoke(app, "audit", "checkpoints", "--json").output, encoding="utf-8")
    old = json.loads(kept.read_text(encoding="utf-8"))[-1]
    _submit(app, tmp_path)
    assert _invoke(app, "audit", "checkpoint").exit_code == 0
    result = _invoke(app, "audit", "prove", "--checkpoint", str(kept))
    assert result.exit_code == 0, result.output
    proof = json.loads(result.output)
    assert proof["old_root"] == old["root_hash"] and proof["new_size"] > old["tree_size"]
    assert merkle.verify_consistency(
        old["tree_size"], proof["new_size"], bytes.fromhex(old["root_hash"]),
        bytes.fromhex(proof["new_root"]), [bytes.fromhex(h) for h in proof["proof"]])
