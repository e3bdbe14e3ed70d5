"""E-mail and social media: threading by tracking id, robots dropped, files checked, dedupe."""

from __future__ import annotations

import base64
import io
import json

import sqlalchemy as sa
from PIL import Image

from domain.cases.models import Attachment, CaseNote
from domain.enums import Channel
from tests.channels.conftest import SECRETS
from tests.channels.support import cases, inbound, new_id, read, signed_json, work

BUDI = "Budi Santoso <Budi@Example.org>"


def _mail(web, subject: str, text: str, *, sender: str = BUDI, in_reply_to: str = "",
          headers: dict | None = None, attachments: list | None = None,
          message_id: str | None = None):
    payload = {"from": sender, "to": "lapor@aduan.test", "subject": subject, "text": text,
               "message_id": message_id or f"<{new_id('m')}@mail.example.org>",
               "in_reply_to": in_reply_to, "headers": headers or {},
               "attachments": attachments or []}
    return signed_json(web, "/channels/email/inbound", SECRETS["email_webhook_secret"], payload)


def _sent(sinks, channel: str) -> list[dict]:
    path = sinks / f"{channel}.log"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def _png() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_a_mail_files_a_case_and_a_reply_by_subject_or_header_threads(web, worker_app, sinks):
    assert _mail(web, "Jalan rusak di Jl. Gatot Subroto",
                 "Lubang besar di depan sekolah.").status_code == 200
    work(worker_app)
    [case] = cases()
    assert case.channel == Channel.EMAIL and case.title == "Jalan rusak di Jl. Gatot Subroto"
    [receipt] = _sent(sinks, "email")
    assert receipt["to"] == "budi@example.org"
    assert f"aduan.{case.tracking_id}@" in receipt["message_id"]

    _mail(web, f"Re: Laporan {case.tracking_id[:4]}-{case.tracking_id[4:]} diterima",
          "Lubangnya makin besar.\n\nOn Mon, Budi wrote:\n> Laporan Anda telah diterima")
    _mail(web, "Re: (no subject)", "Sudah ada yang jatuh.",
          in_reply_to=receipt["message_id"])
    _mail(web, f"Re: {case.tracking_id}", "Ini bukan laporan saya", sender="x@example.org")
    work(worker_app)
    assert len(cases()) == 1  # replies are never new cases
    notes = read(sa.select(CaseNote.body).where(CaseNote.case_id == case.id)
                 .order_by(CaseNote.id))
    assert notes == ["Lubangnya makin besar.", "Sudah ada yang jatuh."]
    assert [m.outcome for m in inbound()] == ["case_created", "threaded", "threaded",
                                              "not_owner"]


def test_auto_replies_and_bounces_are_dropped_without_an_answer(web, worker_app, sinks):
    _mail(web, "Out of office", "Saya sedang cuti.",
          headers={"Auto-Submitted": "auto-replied"},
          attachments=[{"filename": "logo.png", "content_type": "image/png",
                        "content": _png()}])
    _mail(web, "Undelivered Mail", "failure", sender="MAILER-DAEMON@mail.example.org")
    _mail(web, "Newsletter", "promo", headers={"Precedence": "bulk"})
    work(worker_app)
    assert cases() == [] and _sent(sinks, "email") == []
    assert {m.outcome for m in inbound()} == {"dropped"}
    [logo] = inbound()[0].raw["attachments"]  # a robot's file is not kept, only its name
    assert logo["filename"] == "logo.png" and "content" not in logo


def test_attachments_pass_the_portals_checks(web, worker_app):
    _mail(web, "Foto jalan rusak", "Lihat foto.", attachments=[
        {"filename": "jalan.png", "content_type": "image/png", "content": _png()},
        {"filename": "virus.exe", "content_type": "image/png",
         "content": base64.b64encode(b"MZ not an image").decode()}])
    work(worker_app)
    [case] = cases()
    [stored] = read(sa.select(Attachment).where(Attachment.case_id == case.id))
    assert stored.content_type == "image/png" and stored.label.endswith(".png")
    [message] = inbound()
    assert all("content" not in a for a in message.raw["attachments"])  # not kept twice


def test_a_social_post_delivered_twice_is_one_case_with_a_public_reply(web, worker_app, sinks):
    post = {"post_id": "1800000000000000001", "author": "@WargaMedan",
            "text": "@LAPOR1708 lampu jalan mati di Jl. Sisingamangaraja sudah seminggu",
            "url": "https://social.example/WargaMedan/1800000000000000001",
            "media": ["https://media.example/1.jpg"]}
    for _ in range(2):
        answer = signed_json(web, "/channels/social/generic", SECRETS["social_webhook_secret"],
                             post)
        assert answer.status_code == 200
    work(worker_app)
    [case] = cases()
    assert case.channel == Channel.SOCIAL and case.category == "roads"
    assert case.description.startswith("lampu jalan mati")
    [reply] = _sent(sinks, "social")
    assert reply["in_reply_to"] == post["post_id"] and case.tracking_id[:4] in reply["text"]
    assert "WargaMedan" not in reply["text"] and "/track/" in reply["text"]


def test_a_bad_signature_on_mail_or_social_stores_nothing(web, worker_app):
    assert signed_json(web, "/channels/email/inbound", "wrong", {"from": "a@b.c"}).status_code \
        == 403
    assert signed_json(web, "/channels/social/generic", "wrong", {"post_id": "1"}).status_code \
        == 403
    assert inbound() == []


def test_an_imap_mail_is_read_like_a_webhooks(app):
    from imap_tools import MailMessage

    from jobs.mailbox import incoming_from

    raw = (b"From: Budi <budi@example.org>\r\nTo: lapor@aduan.test\r\n"
           b"Subject: Re: Laporan ABCD-2345\r\nMessage-ID: <m1@example.org>\r\n"
           b"In-Reply-To: <1.2.aduan.ABCD2345@aduan.test>\r\n"
           b"Auto-Submitted: no\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           b"Sudah diperbaiki, terima kasih.\r\n")
    incoming = incoming_from(MailMessage.from_bytes(raw))
    assert incoming.sender == "budi@example.org" and incoming.external_id == "<m1@example.org>"
    assert incoming.text == "Sudah diperbaiki, terima kasih."
    assert "aduan.ABCD2345@" in incoming.reference and incoming.provider == "email"
