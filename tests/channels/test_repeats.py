"""The exact-repeat rule on the messaging channels: the same text from the same number or
handle within ten minutes is that case again, answered with its tracking id."""

from __future__ import annotations

from datetime import timedelta

from domain.clock import clock
from tests.channels.conftest import SECRETS
from tests.channels.support import cases, generic, inbound, new_id, signed_json, sms_sent, work

BUDI = "+6281234567890"
TEXT = "LAPOR Obat hipertensi kosong di Puskesmas Medan Baru sdh 3 minggu"


def test_the_same_sms_twice_is_one_case_and_the_second_gets_its_number(web, worker_app, sinks):
    for text in (TEXT, TEXT.lower() + "!"):  # case and punctuation do not make it new
        assert generic(web, BUDI, text).status_code == 200
        work(worker_app)
    [case] = cases()
    assert [m.outcome for m in inbound()] == ["case_created", "case_repeat"]
    assert all(m.case_id == case.id for m in inbound())
    last = [x["text"] for x in sms_sent(sinks) if x["to"] == BUDI][-1]
    assert "tidak dibuat laporan kedua" in last and case.tracking_id[:4] in last


def test_after_ten_minutes_the_same_sms_is_a_new_case(web, worker_app, sinks):
    assert generic(web, BUDI, TEXT).status_code == 200
    work(worker_app)
    clock.freeze(clock.now() + timedelta(minutes=11))
    try:
        assert generic(web, BUDI, TEXT).status_code == 200
        work(worker_app)
    finally:
        clock.unfreeze()
    assert len(cases()) == 2


def test_a_social_author_posting_the_same_text_again_is_the_same_case(web, worker_app, sinks):
    for _ in range(2):  # two posts (two ids), one text, one author
        post = {"post_id": new_id("p"), "author": "@WargaMedan",
                "text": "@LAPOR1708 lampu jalan mati di Jl. Sisingamangaraja sudah seminggu",
                "url": "https://social.example/WargaMedan/1", "media": []}
        answer = signed_json(web, "/channels/social/generic", SECRETS["social_webhook_secret"],
                             post)
        assert answer.status_code == 200
        work(worker_app)
    assert len(cases()) == 1
    assert [m.outcome for m in inbound()] == ["case_created", "case_repeat"]
