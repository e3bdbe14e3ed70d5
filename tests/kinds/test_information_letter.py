"""An information request's written notice: the letter the requester gets when the PPID
decides (the stored PDF, read back) cites the refusal's exemption and the objection deadline."""

from __future__ import annotations

from flask import current_app

from domain.letters import operations as letters
from tests.factories import complete, submit
from tests.jobs.support import drain_outbox, pdf_text
from tests.kinds.support import IR


def _letter_text(case) -> str:
    found = [x for x in letters.letters_of(case) if x.kind == "follow_up"]
    assert len(found) == 1, [x.kind for x in letters.letters_of(case)]
    path = letters.path_of(found[0], current_app.config["ADUAN"].data_dir)
    return pdf_text(path.read_bytes())


def test_a_refusal_notice_cites_the_exemption_and_the_objection_deadline(world, coordinator):
    case = submit(**IR).case
    complete(case, "ir_answer", coordinator, decision="reject", exemption="17h",
             reason="Data memuat rekam medis pasien.")
    drain_outbox()
    text = _letter_text(case)
    assert "Keterbukaan Informasi Publik" in text and "ditolak" in text
    assert "Pasal 17 huruf h UU 14/2008: mengungkap rahasia pribadi" in text
    assert "Data memuat rekam medis pasien." in text
    assert "Pemohon dapat mengajukan keberatan dalam 30 hari kerja" in text
    assert "PPID Pemerintah Kota Medan" in text and "Budi" not in text


def test_an_answer_notice_carries_the_information(world, coordinator):
    case = submit(**IR).case
    complete(case, "ir_answer", coordinator, decision="answer",
             answer="Anggaran obat 2026: Rp 4,2 miliar untuk 39 puskesmas.")
    drain_outbox()
    text = _letter_text(case)
    assert "Anggaran obat 2026: Rp 4,2 miliar untuk 39 puskesmas." in text
    assert "dikecualikan" not in text and "None" not in text
