"""Letters rendered by the outbox jobs and case files, read back from the stored PDFs."""

from __future__ import annotations

import hashlib
from io import BytesIO

from flask import current_app
from pypdf import PdfReader

from domain.audit import operations as audit
from domain.audit.operations import chain_for, chain_head
from domain.enums import Role
from domain.letters import operations as letters
from domain.letters.models import Letter
from jobs.letters import render_casefile
from reports import context
from tests.factories import create_user
from tests.jobs.support import (
    drain_outbox,
    pdf_fonts,
    pdf_metadata,
    pdf_text,
    to_follow_up,
    to_responded,
)

PERSONAL = ("Budi", "6281234567890", "budi@example.org")


def _only(case, kind: str) -> Letter:
    found = [x for x in letters.letters_of(case) if x.kind == kind]
    assert len(found) == 1, [x.kind for x in letters.letters_of(case)]
    return found[0]


def _bytes(letter: Letter) -> bytes:
    return letters.path_of(letter, current_app.config["ADUAN"].data_dir).read_bytes()


def test_disposition_letter_goes_to_the_unit_with_its_deadline_and_no_identity(world):
    _, case = to_follow_up(anonymous=False)
    drain_outbox()
    letter = _only(case, "disposition")
    pdf = _bytes(letter)
    text = pdf_text(pdf)
    assert "NOTA DINAS" in text and case.tracking_id in text
    assert "Kepala Dinas Kesehatan" in text
    assert "Tindak lanjut instansi dalam 5 hari kerja sejak disposisi" in text
    for personal in PERSONAL:  # not even for a named reporter: the letter is for the agency
        assert personal not in text
        assert personal not in str(pdf_metadata(pdf))
    assert letter.sha256 == hashlib.sha256(pdf).hexdigest() and letter.size == len(pdf)
    assert len(pdf_fonts(pdf)) <= 2, pdf_fonts(pdf)


def test_follow_up_letter_carries_the_answer_and_hides_an_anonymous_reporter(world):
    _, case = to_responded(answer="Stok obat sudah dikirim dari gudang farmasi.")
    drain_outbox()
    pdf = _bytes(_only(case, "follow_up"))
    text = pdf_text(pdf)
    assert "Yth. Pelapor" in text
    assert "Stok obat sudah dikirim dari gudang farmasi." in text
    assert "Laporan selesai bila tidak ada tanggapan dalam 10 hari kerja" in text
    meta = pdf_metadata(pdf)
    assert meta["/Title"] == f"Tindak Lanjut {case.tracking_id}" and meta["/Author"] == "Aduan"
    for personal in PERSONAL:
        assert personal not in text and personal not in str(meta)


def test_follow_up_letter_names_a_reporter_who_is_not_anonymous(world):
    _, case = to_responded(anonymous=False)
    drain_outbox()
    pdf = _bytes(_only(case, "follow_up"))
    assert "Yth. Budi Santoso" in pdf_text(pdf)
    assert "Budi" not in str(pdf_metadata(pdf))


def test_case_file_holds_facts_timeline_and_the_chain_head(world):
    _, case = to_responded()
    drain_outbox()
    letter = render_casefile(case)
    head = chain_head(chain_for(case.id))
    assert letter.chain_head == head.hash and letters.current_casefile(case) == letter
    text = pdf_text(_bytes(letter))
    assert f"BERKAS PERKARA {case.tracking_id}" in text
    assert head.hash in text.replace(" ", "")
    assert "utuh" in text
    for step in ("Laporan diterima", "Tugas dibuat", "Tugas diselesaikan", "Status berubah"):
        assert step in text
    assert "Verifikasi dan disposisi dalam 3 hari kerja" in text
    assert _only(case, "disposition").sha256 in text.replace(" ", "")
    for personal in PERSONAL:
        assert personal not in text

    # A new audit event moves the head: the stored file is no longer current.
    liaison = create_user(Role.LIAISON, "medan.health")
    audit.record("note_added", actor=f"user:{liaison.id}", case_id=case.id,
                 payload={"note_id": 1, "internal": True})
    assert letters.current_casefile(case) is None


def test_case_file_of_fifty_events_stays_two_fonts(world):
    _, case = to_follow_up()
    for n in range(45):
        audit.record("note_added", actor="reporter", case_id=case.id, payload={"note_id": n})
    pdf = _bytes(render_casefile(case))
    text = pdf_text(pdf)
    assert "Halaman 2" in text  # the timeline runs over pages
    assert len(pdf_fonts(pdf)) <= 2


def _pages(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def _case_with_notes(world, notes: int):
    _, case = to_follow_up()
    for n in range(notes):
        audit.record("note_added", actor="reporter", case_id=case.id, payload={"note_id": n})
    return case


def test_case_file_prints_a_bounded_timeline_and_says_what_it_left_out(world, monkeypatch):
    """Past the cap the file keeps the first and last events, names the gap, and its page
    count no longer grows with the history; the chain head still seals every event."""
    monkeypatch.setattr(context, "CASEFILE_FIRST_EVENTS", 10)
    monkeypatch.setattr(context, "CASEFILE_LAST_EVENTS", 10)
    short = _bytes(render_casefile(_case_with_notes(world, 40)))
    case = _case_with_notes(world, 400)
    letter = render_casefile(case)
    head = chain_head(chain_for(case.id))
    pdf = _bytes(letter)
    text = pdf_text(pdf)
    total = head.seq
    assert total > 400 and letter.chain_head == head.hash
    assert f"{total - 20} dari {total} peristiwa (#11 sampai #{total - 10}) tidak dimuat" in text
    assert f"/audit/cases/{case.tracking_id}" in text and "utuh" in text
    assert head.hash in text.replace(" ", "")
    assert _pages(pdf) == _pages(short) <= 3


def test_case_file_of_a_long_history_stays_a_readable_size(world):
    """With the shipped caps: 300 events beyond them add no page past what the caps print."""
    printed = context.CASEFILE_FIRST_EVENTS + context.CASEFILE_LAST_EVENTS
    pdf = _bytes(render_casefile(_case_with_notes(world, printed + 300)))
    text = pdf_text(pdf)
    assert "tidak dimuat dalam berkas ini" in text
    assert _pages(pdf) <= printed // 15  # some 20 rows a page, plus the facts
