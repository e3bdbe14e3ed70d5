"""The audit chain detects any change, deletion or reordering, and names the first bad row."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.audit.operations import record, verify_chain, verify_heads
from domain.cases.models import Case
from domain.db import db
from tests.factories import submit, tamper_audit


def _rows(chain: str) -> list[CaseEvent]:
    return list(
        db.session.execute(
            sa.select(CaseEvent).where(CaseEvent.chain == chain).order_by(CaseEvent.seq)
        ).scalars()
    )


def test_intact_chain_verifies(world):
    case = submit().case
    assert len(_rows(f"case:{case.id}")) >= 3
    assert verify_chain() == []


def test_changed_payload_is_named(world):
    case = submit().case
    rows = _rows(f"case:{case.id}")
    tamper_audit()
    db.session.execute(
        sa.update(CaseEvent).where(CaseEvent.id == rows[1].id).values(payload={"forged": True})
    )
    db.session.expire_all()
    broken = verify_chain()
    assert len(broken) == 1
    assert broken[0].event_id == rows[1].id and broken[0].seq == 2
    assert "changed" in broken[0].reason


def test_deleted_row_is_named(world):
    case = submit().case
    rows = _rows(f"case:{case.id}")
    tamper_audit()
    db.session.execute(sa.delete(CaseEvent).where(CaseEvent.id == rows[1].id))
    db.session.expire_all()
    broken = verify_chain(f"case:{case.id}")
    assert [(b.seq, b.reason.split(":")[0]) for b in broken] == [(3, "sequence gap")]


def test_chains_are_independent(world):
    a = submit().case
    b = submit().case
    tamper_audit()
    db.session.execute(
        sa.update(CaseEvent)
        .where(CaseEvent.chain == f"case:{a.id}", CaseEvent.seq == 1)
        .values(actor="someone-else")
    )
    db.session.expire_all()
    assert [x.chain for x in verify_chain()] == [f"case:{a.id}"]
    assert verify_chain(f"case:{b.id}") == []


def test_system_chain_records_deploys(world):
    record("calendar_changed", actor="user:1", payload={"day": "2026-12-24"})
    kinds = [row.kind for row in _rows("system")]
    assert kinds[0] == "process_deployed" and kinds[-1] == "calendar_changed"
    assert verify_chain("system") == []


def test_the_case_row_keeps_its_chain_head(world):
    case = submit().case
    rows = _rows(f"case:{case.id}")
    db.session.flush()
    db.session.expire_all()
    assert (case.audit_seq, case.audit_hash) == (rows[-1].seq, rows[-1].hash)
    assert verify_heads() == []


def test_an_event_for_a_case_not_in_the_session_moves_its_head(world):
    case = submit().case
    db.session.flush()
    case_id = case.id
    db.session.expunge_all()
    event = record("note_added", actor="user:1", case_id=case_id)
    db.session.flush()
    assert db.session.get(Case, case_id).audit_hash == event.hash
    assert verify_heads() == []


def test_a_deleted_tail_is_named(world):
    case = submit().case
    rows = _rows(f"case:{case.id}")
    tamper_audit()
    db.session.execute(sa.delete(CaseEvent).where(CaseEvent.id == rows[-1].id))
    db.session.expire_all()
    assert verify_chain() == []  # what is left still hashes
    broken = verify_heads()
    assert [(b.chain, b.reason.split(":")[0]) for b in broken] == [
        (f"case:{case.id}", "missing tail")]


def test_a_deleted_chain_is_named(world):
    case = submit().case
    tamper_audit()
    db.session.execute(sa.delete(CaseEvent).where(CaseEvent.case_id == case.id))
    db.session.expire_all()
    assert verify_chain() == []
    broken = verify_heads()
    assert [(b.chain, b.reason.split(":")[0]) for b in broken] == [
        (f"case:{case.id}", "missing chain")]


@pytest.mark.postgres_only
@pytest.mark.parametrize("statement", [
    "UPDATE case_event SET actor = 'mallory'",
    "DELETE FROM case_event",
    "TRUNCATE case_event CASCADE",
])
def test_postgresql_refuses_to_change_or_delete_events(world, statement):
    submit()
    db.session.flush()
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(sa.text(statement))


@pytest.mark.postgres_only
def test_the_app_role_can_neither_delete_events_nor_lift_the_trigger(world):
    """The role docs/architecture.md tells the app to run as: granted DML, not the owner."""
    submit()
    db.session.flush()
    role = f"aduan_app_test_{os.getpid()}"  # roles are cluster-wide; rolled back with the test
    db.session.execute(sa.text(f"CREATE ROLE {role}"))
    db.session.execute(sa.text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON case_event TO {role}"))
    db.session.execute(sa.text(f"SET LOCAL ROLE {role}"))
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(sa.text("DELETE FROM case_event"))
    with pytest.raises(sa.exc.DBAPIError, match="owner"), db.session.begin_nested():
        db.session.execute(sa.text("ALTER TABLE case_event DISABLE TRIGGER USER"))
    db.session.execute(sa.text("RESET ROLE"))
