"""Two-way SMS: threading by tracking id, CEK, STOP/MULAI, help, one reply, rate limit."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa

from domain.cases.models import CaseNote
from domain.channels.segments import count
from domain.enums import CaseStatus, Role
from tests.channels.support import cases, generic, inbound, read, sms_sent, twilio, work
from tests.factories import complete, create_user

BUDI, SITI = "+6281234567890", "+6285712345678"


def _say(web, app, sender: str, text: str) -> None:
    assert generic(web, sender, text).status_code == 200
    work(app)


def _replies_to(sinks, number: str) -> list[str]:
    return [x["text"] for x in sms_sent(sinks) if x["to"] == number]


def _notes(case_id: int) -> list[CaseNote]:
    return read(sa.select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id))


def test_a_reply_from_the_filer_threads_and_from_another_number_does_not(
        web, worker_app, sinks):
    _say(web, worker_app, BUDI, "LAPOR Obat hipertensi kosong di Puskesmas Medan Baru")
    [case] = cases()
    _say(web, worker_app, BUDI, f"#{case.tracking_id} Sudah 2 minggu kosong")
    _say(web, worker_app, SITI, f"{case.tracking_id} ini laporan palsu")
    assert len(cases()) == 1  # neither made a case
    [note] = _notes(case.id)
    assert note.from_reporter and not note.internal and note.body == "Sudah 2 minggu kosong"
    [to_siti] = _replies_to(sinks, SITI)
    assert "hanya diterima dari nomor pelapor" in to_siti and "Obat" not in to_siti
    assert "sudah kami terima" in _replies_to(sinks, BUDI)[-1]
    assert [m.outcome for m in inbound()] == ["case_created", "threaded", "not_owner"]


def test_a_reply_to_a_hold_answers_it_and_the_case_goes_back_to_verification(
        web, worker_app, sinks):
    from domain.db import db

    _say(web, worker_app, BUDI, "LAPOR#rs#RSUD Pirngadi#Antrean 6 jam")
    [case] = cases()
    complete(case, "verify", create_user(Role.NATIONAL_ADMIN),  # no keyword: national pool
             decision="hold", question="Tanggal berapa Anda datang?")
    db.session.commit()
    work(worker_app)
    _say(web, worker_app, BUDI, f"{case.tracking_id.lower()} tanggal 3 Maret pagi")
    [case] = cases()
    assert case.status == CaseStatus.VERIFICATION
    assert _notes(case.id)[-1].body == "tanggal 3 Maret pagi"


def test_cek_answers_the_status_to_any_number_without_personal_data(web, worker_app, sinks):
    _say(web, worker_app, BUDI, "LAPOR Jalan rusak depan rumah Budi Santoso 081234567890")
    [case] = cases()
    _say(web, worker_app, SITI, f"cek {case.tracking_id[:4]}-{case.tracking_id[4:]}")
    [answer] = _replies_to(sinks, SITI)
    assert "Diterima" in answer or "diverifikasi" in answer
    assert "Budi" not in answer and "0812" not in answer and "Jalan" not in answer
    _say(web, worker_app, SITI, "CEK ZZZZ2222")
    assert "tidak dikenal" in _replies_to(sinks, SITI)[-1]


def test_stop_silences_every_later_message_until_mulai(web, worker_app, sinks):
    _say(web, worker_app, BUDI, "STOP")
    assert "MULAI" in _replies_to(sinks, BUDI)[-1]  # the one confirmation
    sent = len(sms_sent(sinks))
    _say(web, worker_app, BUDI, "BANTUAN")
    _say(web, worker_app, BUDI, "LAPOR Sampah tidak diangkut seminggu")
    assert len(sms_sent(sinks)) == sent  # no help, no receipt
    assert len(cases()) == 1  # the report itself still counts
    _say(web, worker_app, BUDI, "mulai")
    _say(web, worker_app, BUDI, "info")
    assert "LAPOR#kategori#lokasi#isi" in _replies_to(sinks, BUDI)[-1]


def test_nonsense_gets_the_help_and_no_case_and_one_reply_per_message(web, worker_app, sinks):
    for text in ("halo pak", "", "#", "SEKARANG jalan rusak"):
        _say(web, worker_app, BUDI, text)
    assert cases() == []
    replies = _replies_to(sinks, BUDI)
    assert len(replies) == 4 and all("LAPOR" in r for r in replies)
    assert {m.outcome for m in inbound()} == {"unparsed"}


def test_an_emoji_reply_is_counted_as_ucs2_and_still_threads(web, worker_app, sinks):
    _say(web, worker_app, BUDI, "LAPOR Lampu PJU mati di Jl. Gatot Subroto")
    [case] = cases()
    text = f"#{case.tracking_id} Terima kasih 🙏🙏"
    assert count(text).encoding == "ucs2" and count(text).units == len(text) + 2
    _say(web, worker_app, BUDI, text)
    assert _notes(case.id)[-1].body == "Terima kasih 🙏🙏"


def test_the_rate_limit_drops_reports_past_the_hourly_limit(app, web, worker_app, sinks,
                                                           caplog):
    settings = app.config["ADUAN"]
    app.config["ADUAN"] = replace(settings, sms_reports_per_hour=2)
    try:
        for n in range(3):
            twilio(web, BUDI, f"LAPOR Jalan rusak nomor {n}")
        work(worker_app)
    finally:
        app.config["ADUAN"] = settings
    assert len(cases()) == 2 and len(_replies_to(sinks, BUDI)) == 2
    assert [m.outcome for m in inbound()][-1] == "rate_limited"
    assert "over 2 reports an hour" in caplog.text and BUDI not in caplog.text


def test_an_agency_keyword_routes_the_case_to_its_region(web, worker_app):
    from domain.channels.operations import set_agency_keyword
    from domain.db import db

    set_agency_keyword("medan", "pemkot-medan")
    db.session.commit()
    _say(web, worker_app, BUDI, "MEDAN banjir di Jl. Sisingamangaraja")
    [case] = cases()
    assert case.region_code == "12.71" and case.category == "environment"
    assert case.agency is not None and case.agency.region_code == "12.71"
