"""Letters and case files carry the agency's PAdES signature; the case file says how to
check it (its chain head, the checkpoint that covers it, a QR code for /verify)."""

from __future__ import annotations

import io

from asn1crypto import x509 as asn1_x509
from flask import current_app
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from domain.audit.operations import chain_for, chain_head
from domain.clock import clock
from domain.letters import operations as letters
from jobs.audit import checkpoint
from jobs.letters import render_casefile
from reports import context, signing
from reports.render import render_template
from tests.conftest import AUDIT_KEY
from tests.jobs.support import drain_outbox, pdf_metadata, pdf_text, to_responded


def _bytes(letter) -> bytes:
    return letters.path_of(letter, current_app.config["ADUAN"].data_dir).read_bytes()


def _pyhanko_status(pdf: bytes):
    """pyHanko's own validator, trusting the test app's certificate."""
    key = signing.configured(current_app.config["ADUAN"])
    embedded = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    assert len(embedded) == 1
    trust = ValidationContext(trust_roots=[asn1_x509.Certificate.load(key.certificate)],
                              allow_fetching=False)
    return validate_pdf_signature(embedded[0], trust)


def test_a_case_file_validates_with_pyhanko_and_fails_after_one_byte_changes(world):
    _, case = to_responded()
    pdf = _bytes(render_casefile(case))
    status = _pyhanko_status(pdf)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert "Aduan test" in status.signing_cert.subject.human_friendly
    changed = bytearray(pdf)
    at = pdf.index(b"stream", len(pdf) // 3) + 20  # a byte of page content, inside the range
    changed[at] ^= 0x01
    broken = _pyhanko_status(bytes(changed))
    assert not broken.intact and not broken.bottom_line
    assert not signing.validate(bytes(changed), signing.configured(
        current_app.config["ADUAN"]).certificate).ok


def test_letters_to_units_are_signed_too(world):
    _, case = to_responded()
    drain_outbox()
    kinds = {x.kind: x for x in letters.letters_of(case)}
    for kind in ("disposition", "follow_up"):
        pdf = _bytes(kinds[kind])
        status = _pyhanko_status(pdf)
        assert status.intact and status.valid and status.trusted, kind
        assert "NOTA DINAS" in pdf_text(pdf) or kind == "follow_up"


def test_the_case_file_prints_its_head_no_checkpoint_yet_and_a_qr_for_verify(world):
    _, case = to_responded()
    head = chain_head(chain_for(case.id))
    pdf = _bytes(render_casefile(case))
    text = pdf_text(pdf).replace("\n", " ")
    assert head.hash in text
    assert "Titik periksa log audit: belum ada" in text
    assert f"/verify?head={head.hash}" in text.replace(" ", "")
    assert f"aduan-head:{head.hash}" in pdf_metadata(pdf)["/Keywords"]
    built = context.casefile(case, clock.now(), number="BP/x", public_url="https://lapor.test")
    assert built["verify"]["url"] == f"https://lapor.test/verify?head={head.hash}"
    assert built["verify"]["qr"].startswith("data:image/svg+xml")
    assert render_template("casefile.html", **built).refused == []  # the QR is inline


def test_once_a_checkpoint_covers_the_head_the_case_file_names_it(world):
    _, case = to_responded()
    row = checkpoint(AUDIT_KEY, clock.now())
    text = pdf_text(_bytes(render_casefile(case))).replace("\n", " ")
    assert f"titik periksa bertanda tangan atas {row.tree_size} peristiwa" in text
    assert row.root_hash in text.replace(" ", "")


def test_without_a_certificate_the_document_is_stored_unsigned_and_says_so(world, app):
    _, case = to_responded()
    settings = app.config["ADUAN"]
    from dataclasses import replace

    app.config["ADUAN"] = replace(settings, signing_cert=None)
    try:
        pdf = _bytes(render_casefile(case))
    finally:
        app.config["ADUAN"] = settings
    assert not signing.validate(pdf, None).signed
