"""`flask channels simulate sms` runs the real webhook and jobs and prints the reply."""

from __future__ import annotations

import sqlalchemy as sa

from domain.cases.models import Case, CaseNote
from domain.channels.models import InboundMessage
from domain.db import db
from domain.enums import Channel


def _invoke(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def test_simulate_files_a_case_and_prints_the_receipt(app, world, sinks, redis_conn):
    result = _invoke(app, "channels", "simulate", "sms", "--from", "081234567890",
                     "LAPOR#jalan#Jl. Sisingamangaraja#Lubang besar")
    assert result.exit_code == 0, result.output
    case = db.session.execute(sa.select(Case)).scalar_one()
    assert case.channel == Channel.SMS and case.location == "Jl. Sisingamangaraja"
    assert "reply to +6281234567890: Laporan diterima. Nomor: " in result.output
    assert f"#{case.tracking_id}" in result.output
    message = db.session.execute(sa.select(InboundMessage)).scalar_one()
    assert message.provider == "generic" and message.raw["from"] == "081234567890"

    check = _invoke(app, "channels", "simulate", "sms", "--from", "0857 1234 5678",
                    f"CEK {case.tracking_id}")
    assert f"reply to +6285712345678: Laporan {case.tracking_id[:4]}-" in check.output


def test_keyword_command_refuses_a_command_word(app, world):
    ok = _invoke(app, "channels", "keyword", "medan", "pemkot-medan")
    assert ok.exit_code == 0 and "MEDAN -> pemkot-medan" in ok.output
    result = _invoke(app, "channels", "keyword", "INFO", "pemkot-medan")
    assert result.exit_code == 1 and "already an SMS command" in result.output


def test_demo_data_has_an_sms_case_with_a_reply_by_sms_and_an_email_reply(app, db_session):
    result = _invoke(app, "demo")
    assert result.exit_code == 0, result.output
    case = db.session.execute(sa.select(Case).where(Case.channel == Channel.SMS)).scalar_one()
    assert case.region_code == "12.71" and case.category == "roads"
    notes = db.session.execute(sa.select(CaseNote).where(CaseNote.case_id == case.id)).scalars()
    assert [n.body for n in notes] == ["Sudah ada motor yang jatuh tadi pagi"]
    mail = db.session.execute(sa.select(InboundMessage).where(
        InboundMessage.channel == Channel.EMAIL)).scalar_one()
    assert mail.outcome == "threaded" and mail.case_id is not None
    siti = db.session.execute(sa.select(CaseNote.body).where(
        CaseNote.case_id == mail.case_id)).scalars().all()
    assert siti == ["Hari ini saya menunggu lagi 3 jam, nomor antrean tidak dipanggil urut."]
