"""`flask audit verify-casefile FILE.pdf`: a case file checked offline, and every way it fails."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from domain.audit.models import CaseEvent
from domain.db import db
from domain.letters import operations as letters
from jobs.letters import render_casefile
from reports import signing
from reports.render import render_html
from tests.factories import tamper_audit
from tests.jobs.support import to_responded


def _verify(app, path):
    return app.test_cli_runner().invoke(args=["audit", "verify-casefile", str(path)])


def _casefile(tmp_path):
    _, case = to_responded()
    letter = render_casefile(case)
    path = tmp_path / "berkas.pdf"
    path.write_bytes(letters.path_of(letter, current_app.config["ADUAN"].data_dir).read_bytes())
    return case, letter, path


def test_a_stored_case_file_verifies_and_a_checkpoint_is_named_once_written(app, world, tmp_path):
    _case, letter, path = _casefile(tmp_path)
    result = _verify(app, path)
    assert result.exit_code == 0, result.output
    assert f"document: {letter.number} (casefile)" in result.output
    assert f"chain head: {letter.chain_head}" in result.output
    assert "checkpoint: none yet" in result.output and "case file verified" in result.output
    assert app.test_cli_runner().invoke(args=["audit", "checkpoint"]).exit_code == 0
    again = _verify(app, path)
    assert again.exit_code == 0 and "checkpoint: none yet" not in again.output
    assert "events, root" in again.output


def test_one_changed_byte_breaks_the_signature_and_the_hash(app, world, tmp_path):
    _case, _letter, path = _casefile(tmp_path)
    data = bytearray(path.read_bytes())
    data[data.index(b"stream", len(data) // 3) + 20] ^= 0x01
    path.write_bytes(bytes(data))
    result = _verify(app, path)
    assert result.exit_code == 1
    assert "signature_broken" in result.output and "unknown_document" in result.output


def test_a_document_aduan_never_issued_is_named(app, world, tmp_path):
    key = signing.configured(current_app.config["ADUAN"])
    forged = signing.sign(render_html("<p>Berkas palsu</p>").pdf, key, reason="x")
    path = tmp_path / "palsu.pdf"
    path.write_bytes(forged)
    result = _verify(app, path)
    assert result.exit_code == 1 and "unknown_document" in result.output
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(render_html("<p>x</p>").pdf)
    assert "not_signed" in _verify(app, plain).output


def test_a_shortened_chain_makes_the_case_file_fail(app, world, tmp_path):
    case, _letter, path = _casefile(tmp_path)
    tamper_audit()
    last = sa.select(sa.func.max(CaseEvent.id)).where(CaseEvent.case_id == case.id)
    db.session.execute(sa.delete(CaseEvent).where(CaseEvent.id == last.scalar_subquery()))
    result = _verify(app, path)
    assert result.exit_code == 1
    assert "head_not_in_log" in result.output
    assert "BROKEN" in result.output and str(path) in result.output


def test_a_rewritten_head_event_is_named(app, world, tmp_path):
    case, _letter, path = _casefile(tmp_path)
    tamper_audit()
    first = sa.select(sa.func.min(CaseEvent.id)).where(CaseEvent.case_id == case.id)
    db.session.execute(sa.update(CaseEvent).where(CaseEvent.id == first.scalar_subquery())
                       .values(actor="user:999"))
    result = _verify(app, path)
    assert result.exit_code == 1 and "chain_broken" in result.output


def test_audit_prove_hands_out_an_inclusion_proof_for_one_event(app, world, tmp_path):
    import json

    from domain.audit import merkle

    case, _letter, _path = _casefile(tmp_path)
    event_id = db.session.execute(sa.select(sa.func.max(CaseEvent.id)).where(
        CaseEvent.case_id == case.id)).scalar_one()
    early = app.test_cli_runner().invoke(args=["audit", "prove", "--event", str(event_id)])
    assert early.exit_code == 2 and "no signed checkpoint yet" in early.output
    assert app.test_cli_runner().invoke(args=["audit", "checkpoint"]).exit_code == 0
    result = app.test_cli_runner().invoke(args=["audit", "prove", "--event", str(event_id)])
    assert result.exit_code == 0, result.output
    proof = json.loads(result.output)
    assert proof["valid"] and proof["checkpoint"]["root_hash"] == proof["root_hash"]
    assert merkle.verify_inclusion(
        proof["leaf_index"], proof["tree_size"], bytes.fromhex(proof["leaf_hash"]),
        bytes.fromhex(proof["root_hash"]), [bytes.fromhex(h) for h in proof["proof"]])
