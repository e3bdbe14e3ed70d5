"""Public status replies under the social post that filed a non-confidential case.

A public mention (`kind: mention`) files a public, anonymous case; each status change the
reporter is told of becomes a reply under the post, through the outbox to
ADUAN_SOCIAL_REPLY_URL (here a local HTTP server): the tracking id, the public status word
and the link, never the author's handle nor the unit's answer. A direct message files a
confidential case and gets nothing after its receipt; a case made confidential later gets
nothing more; an author who said STOP gets nothing until MULAI.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa

from domain.cases.flags import raise_flags
from domain.channels.queries import thread
from domain.db import db
from domain.enums import OutboxStatus, Role
from domain.outbox.models import OutboxMessage
from tests.channels.conftest import SECRETS
from tests.channels.support import cases, read, signed_json, work
from tests.factories import complete, create_user
from tests.jobs.fakes import http_recorder

ANSWER = "Lampu sudah diganti hari ini oleh petugas Budi, hubungi 0812-3456-7890."


@pytest.fixture
def bridge(app, web) -> Iterator[dict[str, Any]]:
    """The social bridge's reply endpoint, a real local HTTP server."""
    with http_recorder() as recorder:
        settings = app.config["ADUAN"]
        app.config["ADUAN"] = replace(settings, social_reply_url=f"{recorder['url']}/reply")
        try:
            yield recorder
        finally:
            app.config["ADUAN"] = settings


def _post(web, post_id: str, text: str, kind: str | None = "mention") -> None:
    body = {"post_id": post_id, "author": "@WargaMedan", "text": f"@LAPOR1708 {text}",
            "url": f"https://social.example/WargaMedan/{post_id}", "media": []}
    if kind:
        body["kind"] = kind
    answer = signed_json(web, "/channels/social/generic", SECRETS["social_webhook_secret"],
                         body)
    assert answer.status_code == 200


def _replies(bridge) -> list[dict[str, str]]:
    return [json.loads(body) for method, path, body in bridge["requests"]
            if method == "POST" and path == "/reply"]


def _verify_and_answer(worker_app, case) -> None:
    """The national pool verifies and disposes; the unit answers (two status changes)."""
    complete(case, "verify", create_user(Role.NATIONAL_ADMIN), decision="valid",
             summary="Lampu jalan mati di Jl. Sisingamangaraja", unit_code="medan.health")
    db.session.commit()
    work(worker_app)
    case = next(c for c in cases() if c.id == case.id)
    complete(case, "follow_up", create_user(Role.LIAISON, "medan.health"), decision="answer",
             answer=ANSWER)
    db.session.commit()
    work(worker_app)


def test_a_public_mention_gets_a_public_reply_on_each_status_change(web, worker_app, bridge):
    _post(web, "1801", "lampu jalan mati di Jl. Sisingamangaraja sudah seminggu")
    work(worker_app)
    [case] = cases()
    assert not case.confidential and case.anonymous
    _verify_and_answer(worker_app, case)
    replies = _replies(bridge)
    assert [r["in_reply_to"] for r in replies] == ["1801"] * 3
    shown = f"{case.tracking_id[:4]}-{case.tracking_id[4:]}"
    receipt, disposed, answered = (r["text"] for r in replies)
    assert shown in receipt
    assert disposed.startswith(f"Laporan {shown}: Sedang ditindaklanjuti.")
    assert answered.startswith(f"Laporan {shown}: Tindak lanjut diberikan.")
    for text in (receipt, disposed, answered):
        assert text.endswith(f"https://lapor.example.go.id/track/{case.tracking_id}")
        assert "WargaMedan" not in text and "Lampu sudah diganti" not in text
        assert "0812" not in text and "Budi" not in text
    [case] = cases()
    outbound = [i for i in thread(case, reveal=False) if not i.inbound]
    assert [(i.channel, i.label, i.state) for i in outbound][-2:] == [
        ("social", "status:follow_up", "sent"), ("social", "status:responded", "sent")]


def test_a_direct_message_is_confidential_and_hears_nothing_after_its_receipt(
        web, worker_app, bridge):
    _post(web, "1802", "pungutan liar di kantor kelurahan", kind="direct")
    _post(web, "1803", "sampah menumpuk di pasar", kind=None)  # a bridge that does not say
    work(worker_app)
    first, second = cases()
    assert first.confidential and second.confidential
    _verify_and_answer(worker_app, first)
    assert [r["in_reply_to"] for r in _replies(bridge)] == ["1802", "1803"]  # receipts only
    statuses = read(sa.select(OutboxMessage).where(OutboxMessage.kind == "channel_reply"))
    assert all(m.payload.get("template") != "status" for m in statuses)


def test_stop_silences_the_status_replies_until_mulai(web, worker_app, bridge):
    _post(web, "1804", "lampu jalan mati di depan SD 5")
    work(worker_app)
    [case] = cases()
    _post(web, "1805", "STOP")
    work(worker_app)
    complete(case, "verify", create_user(Role.NATIONAL_ADMIN), decision="valid",
             summary="Lampu jalan mati", unit_code="medan.health")
    db.session.commit()
    work(worker_app)
    assert [r["in_reply_to"] for r in _replies(bridge)] == ["1804", "1805"]
    _post(web, "1806", "MULAI")
    work(worker_app)
    [case] = cases()
    complete(case, "follow_up", create_user(Role.LIAISON, "medan.health"), decision="answer",
             answer=ANSWER)
    db.session.commit()
    work(worker_app)
    texts = [r["text"] for r in _replies(bridge)]
    assert len(texts) == 4 and "Tindak lanjut diberikan" in texts[-1]
    [case] = cases()
    states = [i.state for i in thread(case, reveal=False) if i.label == "status:follow_up"]
    assert states == ["suppressed"]


def test_a_case_made_confidential_gets_no_more_replies(web, worker_app, bridge):
    """Raised before the change: no reply is queued; raised between queueing and sending:
    the queued reply is withheld."""
    from jobs.outbox import process

    _post(web, "1807", "jalan berlubang di Jl. Gatot Subroto")
    work(worker_app)
    [case] = cases()
    complete(case, "verify", create_user(Role.NATIONAL_ADMIN), decision="valid",
             summary="Jalan berlubang", unit_code="medan.health")
    db.session.commit()
    [change] = read(sa.select(OutboxMessage).where(OutboxMessage.kind == "status_changed",
                                                   OutboxMessage.status == OutboxStatus.PENDING))
    assert process(change.id) == "sent"  # the fan-out queues the public reply ...
    [case] = cases()
    raise_flags(case, confidential=True, actor=create_user(Role.NATIONAL_ADMIN))
    db.session.commit()
    work(worker_app)  # ... and its delivery finds the case confidential
    assert [r["in_reply_to"] for r in _replies(bridge)] == ["1807"]  # the receipt only
    [case] = cases()
    states = [i.state for i in thread(case, reveal=False) if i.label == "status:follow_up"]
    assert states == ["withheld"]
    complete(case, "follow_up", create_user(Role.LIAISON, "medan.health"), decision="answer",
             answer=ANSWER)
    db.session.commit()
    work(worker_app)
    assert len(_replies(bridge)) == 1
    replies = read(sa.select(OutboxMessage).where(OutboxMessage.kind == "channel_reply"))
    assert [m.payload.get("to") for m in replies if m.payload["template"] == "status"] == [
        "follow_up"]  # nothing was queued for the answer
