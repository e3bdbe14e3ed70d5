"""The global Merkle log and its signed checkpoints show deleted events and rewritten history."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pymerkle import InmemoryTree

from domain.audit import log as audit_log
from domain.audit import merkle
from domain.audit.models import AuditCheckpoint, AuditLeaf, CaseEvent
from domain.audit.operations import record, verify_chain
from domain.audit.signing import load_private_key, new_key_text
from domain.db import db
from jobs.audit import checkpoint_if_due
from tests.conftest import AUDIT_KEY
from tests.factories import submit, tamper_audit

KEY = load_private_key(AUDIT_KEY)


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 64, 100])
def test_roots_are_rfc_9162_roots_as_pymerkle_computes_them(size):
    hashes = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(size)]
    tree = InmemoryTree(algorithm="sha256")
    for event_hash in hashes:
        tree.append_entry(bytes.fromhex(event_hash))
    leaves = [merkle.leaf_hash(h) for h in hashes]
    for prefix in range(1, size + 1):
        assert merkle.root(leaves[:prefix]) == tree.get_root(prefix)


def test_a_checkpoint_covers_every_event_and_verifies(world, clock):
    submit()
    row = audit_log.write_checkpoint(KEY, clock.now())
    events = db.session.execute(sa.select(sa.func.count()).select_from(CaseEvent)).scalar_one()
    assert row.tree_size == events
    assert audit_log.verify_log(KEY.public_key()) == []
    submit()
    assert audit_log.write_checkpoint(KEY, clock.now()).tree_size > events
    assert audit_log.verify_log(KEY.public_key()) == []


def test_a_deleted_system_event_breaks_the_log(world, clock):
    event = record("calendar_changed", actor="user:1", payload={"day": "2026-12-24"})
    audit_log.write_checkpoint(KEY, clock.now())
    tamper_audit()  # the leaf refers to the event: the owner deletes both
    db.session.execute(sa.delete(AuditLeaf).where(AuditLeaf.event_id == event.id))
    db.session.execute(sa.delete(CaseEvent).where(CaseEvent.id == event.id))
    problems = [str(p) for p in audit_log.verify_log(KEY.public_key())]
    assert len(problems) == 1 and "covers" in problems[0], problems
    assert verify_chain("system") == []  # the system chain's tail alone: nothing shows it


def test_a_logged_event_changed_in_place_is_named(world, clock):
    event = record("calendar_changed", actor="user:1", payload={"day": "2026-12-24"})
    audit_log.write_checkpoint(KEY, clock.now())
    tamper_audit()
    db.session.execute(sa.update(CaseEvent).where(CaseEvent.id == event.id).values(hash="f" * 64))
    problems = [str(p) for p in audit_log.verify_log(KEY.public_key())]
    assert any(f"event {event.id} no longer has its logged hash" in p for p in problems)


def test_a_rewritten_history_contradicts_an_exported_checkpoint(world, clock):
    case = submit().case
    kept = audit_log.exported(audit_log.write_checkpoint(KEY, clock.now()))
    # The owner deletes the case's chain, its leaves and the checkpoints, and mends the head.
    tamper_audit()
    ids = sa.select(CaseEvent.id).where(CaseEvent.case_id == case.id)
    db.session.execute(sa.delete(AuditLeaf).where(AuditLeaf.event_id.in_(ids)))
    db.session.execute(sa.delete(CaseEvent).where(CaseEvent.case_id == case.id))
    db.session.execute(sa.delete(AuditCheckpoint))
    assert audit_log.verify_log(KEY.public_key()) == []  # nothing left inside to compare
    problems = audit_log.verify_checkpoint(kept, KEY.public_key(), "kept")
    assert [p.reason.split(",")[0] for p in problems] == [
        f"covers {kept['tree_size']} events"]


def test_a_forged_checkpoint_or_another_key_is_named(world, clock):
    submit()
    kept = audit_log.exported(audit_log.write_checkpoint(KEY, clock.now()))
    forged = dict(kept, root_hash="0" * 64)
    reasons = [p.reason for p in audit_log.verify_checkpoint(forged, KEY.public_key(), "x")]
    assert any("signature" in r for r in reasons) and any("rewritten" in r for r in reasons)
    other = load_private_key(new_key_text()).public_key()
    reasons = [p.reason for p in audit_log.verify_checkpoint(kept, other, "x")]
    assert reasons == ["signed by another key than the configured one"]


def test_the_scheduler_checkpoints_only_when_due_and_grown(world, clock):
    every = timedelta(minutes=5)
    submit()
    assert checkpoint_if_due(AUDIT_KEY, clock.now(), every)
    assert not checkpoint_if_due(AUDIT_KEY, clock.now() + every, every)  # nothing new
    submit()
    assert not checkpoint_if_due(AUDIT_KEY, clock.now() + every / 2, every)  # too soon
    assert checkpoint_if_due(AUDIT_KEY, clock.now() + every, every)
    assert not checkpoint_if_due(None, clock.now() + 2 * every, every)  # no key, no checkpoint


def test_the_key_is_read_from_base64_or_a_pem_file(tmp_path):
    from domain.audit.signing import new_key_pem, public_key_text

    path = tmp_path / "key.pem"
    path.write_text(new_key_pem(), encoding="utf-8")
    from_pem = load_private_key(str(path))
    assert public_key_text(from_pem.public_key()) != public_key_text(KEY.public_key())
    assert public_key_text(load_private_key(AUDIT_KEY).public_key()) == \
        public_key_text(KEY.public_key())


def test_consistency_proofs_follow_rfc_9162():
    leaves = [merkle.leaf_hash(hashlib.sha256(str(i).encode()).hexdigest()) for i in range(20)]
    for n in range(1, 21):
        new_root = merkle.root(leaves[:n])
        for m in range(1, n + 1):
            proof = merkle.consistency_proof(leaves[:n], m)
            old_root = merkle.root(leaves[:m])
            assert merkle.verify_consistency(m, n, old_root, new_root, proof), (m, n)
            if m < n:
                forged = merkle.root([*leaves[: m - 1], merkle.leaf_hash("ab" * 32)])
                assert not merkle.verify_consistency(m, n, forged, new_root, proof), (m, n)


def test_inclusion_proofs_follow_rfc_9162():
    leaves = [merkle.leaf_hash(hashlib.sha256(str(i).encode()).hexdigest()) for i in range(20)]
    other = merkle.leaf_hash("cd" * 32)
    for n in range(1, 21):
        root = merkle.root(leaves[:n])
        for m in range(n):
            proof = merkle.inclusion_proof(leaves[:n], m)
            assert len(proof) <= max(1, (n - 1).bit_length())
            assert merkle.verify_inclusion(m, n, leaves[m], root, proof), (m, n)
            assert not merkle.verify_inclusion(m, n, other, root, proof), (m, n)
            if n > 1:
                assert not merkle.verify_inclusion((m + 1) % n, n, leaves[m], root, proof)
