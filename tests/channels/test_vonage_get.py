"""Vonage's "GET" webhook method: the inbound SMS as signed query parameters.

The same rules as the form POST: the `sig` over every other parameter, the timestamp inside
the replay window, a message id stored once, multi-part messages joined in part order.
"""

from __future__ import annotations

from domain.enums import Channel, InboundStatus
from tests.channels.support import cases, inbound, sms_sent, vonage, work

BUDI = "081234567890"


def test_a_signed_get_makes_one_case_and_its_redelivery_by_post_nothing(
        web, worker_app, sinks):
    answer = vonage(web, BUDI, "LAPOR#jalan#Jl. Gatot Subroto#Lubang di tengah jalan",
                    message_id="V-GET-1", method="GET")
    assert answer.status_code == 204
    assert vonage(web, BUDI, "LAPOR#jalan#Jl. Gatot Subroto#Lubang di tengah jalan",
                  message_id="V-GET-1").status_code == 204  # the same id, now by POST
    work(worker_app)
    [case] = cases()
    assert case.channel == Channel.SMS and case.location == "Jl. Gatot Subroto"
    [message] = inbound()
    assert message.sender == "+6281234567890" and message.raw["messageId"] == "V-GET-1"
    assert [s["to"] for s in sms_sent(sinks)] == ["+6281234567890"]  # one receipt


def test_a_get_with_a_bad_missing_or_stale_signature_is_403_and_stores_nothing(
        web, worker_app, clock):
    assert vonage(web, BUDI, "LAPOR Sampah menumpuk", method="GET", tamper=True).status_code \
        == 403
    stale = int(clock.now().timestamp()) - 301
    assert vonage(web, BUDI, "LAPOR Sampah menumpuk", method="GET",
                  timestamp=stale).status_code == 403
    unsigned = "/channels/sms/vonage?msisdn=6281234567890&to=1708&messageId=V9&text=LAPOR+x"
    assert web.get(unsigned).status_code == 403
    work(worker_app)
    assert inbound() == [] and cases() == []


def test_get_parts_in_reverse_order_make_one_case_with_the_text_in_order(web, worker_app):
    assert vonage(web, BUDI, "tidak diangkut sejak Senin.", ref="G7", part=3, total=3,
                  method="GET").status_code == 204
    vonage(web, BUDI, "di Pasar Petisah ", ref="G7", part=2, total=3, method="GET")
    work(worker_app)
    assert cases() == []  # part 1 has not come
    vonage(web, BUDI, "LAPOR Sampah menumpuk ", ref="G7", part=1, total=3, method="GET")
    work(worker_app)
    [case] = cases()
    assert case.description == "Sampah menumpuk di Pasar Petisah tidak diangkut sejak Senin."
    assert sorted(m.status.value for m in inbound()) == sorted(
        [InboundStatus.DONE.value, InboundStatus.MERGED.value, InboundStatus.MERGED.value])
    assert {m.case_id for m in inbound()} == {case.id}


def test_other_gateways_refuse_get(web):
    assert web.get("/channels/sms/twilio?MessageSid=x").status_code == 405
    assert web.get("/channels/sms/generic").status_code == 405
