"""SMS gateways' webhooks, driven with real signatures, through a real worker."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from domain.channels.segments import count
from domain.enums import Channel, InboundStatus
from domain.outbox.models import OutboxMessage
from tests.channels.support import (
    cases,
    generic,
    inbound,
    jasmin,
    read,
    sms_sent,
    twilio,
    vonage,
    work,
)

BUDI = "081234567890"
BUDI_E164 = "+6281234567890"


def test_a_signed_twilio_report_makes_one_sms_case_and_a_one_segment_receipt(
        web, worker_app, sinks):
    answer = twilio(web, BUDI_E164, "LAPOR#jalan#Jl. Sisingamangaraja#Lubang besar", "SM1")
    assert answer.status_code == 200 and answer.mimetype == "text/xml"
    assert cases() == []  # the webhook only stored it; the worker does the case
    work(worker_app)
    [case] = cases()
    assert case.channel == Channel.SMS and case.category == "roads"
    assert case.location == "Jl. Sisingamangaraja" and case.description == "Lubang besar"
    [receipt] = sms_sent(sinks)
    assert receipt["to"] == BUDI_E164 and case.tracking_id in receipt["text"]
    assert count(receipt["text"]).encoding == "gsm7"
    assert count(receipt["text"]).segments == 1
    assert f"#{case.tracking_id}" in receipt["text"]  # how to reply

    again = twilio(web, BUDI_E164, "LAPOR#jalan#Jl. Sisingamangaraja#Lubang besar", "SM1")
    assert again.status_code == 200
    work(worker_app)
    assert len(cases()) == 1 and len(inbound()) == 1 and len(sms_sent(sinks)) == 1


def test_a_tampered_or_unsigned_twilio_body_is_403_and_stores_nothing(web, worker_app):
    assert twilio(web, BUDI_E164, "LAPOR jalan rusak", tamper=True).status_code == 403
    assert web.post("/channels/sms/twilio", data={"MessageSid": "x", "From": BUDI,
                                                  "Body": "LAPOR x"}).status_code == 403
    work(worker_app)
    assert inbound() == [] and cases() == []


def test_the_raw_payload_is_kept_and_the_number_is_e164(web, worker_app):
    twilio(web, BUDI, "LAPOR Lampu jalan mati", "SM77")
    [message] = inbound()
    assert message.sender == BUDI_E164 and message.raw["MessageSid"] == "SM77"
    assert message.raw["From"] == BUDI and message.raw["Body"] == "LAPOR Lampu jalan mati"


def test_vonage_parts_in_reverse_order_make_one_case_with_the_text_in_order(
        web, worker_app):
    assert vonage(web, BUDI, "di depan SD Negeri 5.", ref="A1", part=2, total=2).status_code \
        == 204
    work(worker_app)
    assert cases() == []  # part 2 waits for part 1
    vonage(web, BUDI, "LAPOR Jalan berlubang besar ", ref="A1", part=1, total=2)
    work(worker_app)
    [case] = cases()
    assert case.description == "Jalan berlubang besar di depan SD Negeri 5."
    assert {m.status for m in inbound()} == {InboundStatus.DONE, InboundStatus.MERGED}
    assert {m.case_id for m in inbound()} == {case.id}


def test_one_vonage_part_alone_becomes_an_incomplete_case_after_the_timeout(
        web, worker_app, clock):
    """The timeout is an outbox row due 10 minutes after the part; RQ's scheduler wakes it
    on the wall clock, so the test moves the domain clock and runs the row's job body."""
    from jobs.outbox import process

    vonage(web, BUDI, "LAPOR Sampah menumpuk di pasar ", ref="B7", part=1, total=3)
    work(worker_app)
    assert cases() == []
    [timeout] = read(sa.select(OutboxMessage).where(OutboxMessage.kind == "concat_timeout"))
    clock.advance(timedelta(minutes=9))
    assert process(timeout.id) == "not due, taken or done"
    clock.advance(timedelta(minutes=2))
    assert process(timeout.id) == "sent"
    work(worker_app)
    [case] = cases()
    assert case.description.startswith("Sampah menumpuk di pasar")
    assert case.description.endswith("[...]")
    [message] = inbound()
    assert message.outcome == "case_incomplete" and message.case_id == case.id
    _desk_shows_incomplete(web, case.tracking_id)


def _desk_shows_incomplete(web, tracking_id: str) -> None:
    """The flag the verifier sees: a badge on the case's conversation."""
    from domain.db import db
    from domain.enums import Role
    from tests.factories import create_user
    from tests.web.helpers import login

    admin = create_user(Role.NATIONAL_ADMIN)  # no agency keyword: the national pool
    db.session.commit()
    login(web, admin)
    page = web.get(f"/desk/cases/{tracking_id}").get_data(as_text=True)
    assert 'id="incomplete-message"' in page and "Pesan tidak lengkap" in page


def test_jasmin_is_answered_ack_and_needs_its_token(web, worker_app):
    answer = jasmin(web, BUDI, "LAPOR Puskesmas tutup jam 10 pagi")
    assert answer.status_code == 200 and answer.get_data(as_text=True) == "ACK/Jasmin"
    assert jasmin(web, BUDI, "LAPOR x", token="wrong").status_code == 403
    work(worker_app)
    [case] = cases()
    assert case.category == "health" and case.channel == Channel.SMS


def test_generic_hmac_signature_and_the_replay_window(web, worker_app, clock):
    assert generic(web, BUDI, "LAPOR Lubang di jalan", tamper=True).status_code == 403
    stale = int(clock.now().timestamp()) - 301
    assert generic(web, BUDI, "LAPOR Lubang di jalan", timestamp=stale).status_code == 403
    assert generic(web, BUDI, "LAPOR Lubang di jalan", "G1").status_code == 200
    assert generic(web, BUDI, "LAPOR Lubang di jalan", "G1").status_code == 200
    work(worker_app)
    assert len(cases()) == 1 and len(inbound()) == 1


def test_a_disabled_gateway_does_not_exist(app, web):
    from dataclasses import replace

    settings = app.config["ADUAN"]
    app.config["ADUAN"] = replace(settings, twilio_auth_token=None)
    try:
        assert twilio(web, BUDI, "LAPOR x").status_code == 404
    finally:
        app.config["ADUAN"] = settings
    assert web.post("/channels/sms/nokia").status_code == 404
