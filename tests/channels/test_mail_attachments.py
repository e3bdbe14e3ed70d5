"""A mailed file the upload check refuses: the answer to that mail names it and says why.

The names are the sender's and can be anything: the answer echoes a cleaned stem and the
extension apart (no dots, no markup, no bidi controls), in Indonesian, English in the
catalogue.
"""

from __future__ import annotations

import base64
import io
import json

import sqlalchemy as sa
from flask_babel import force_locale
from PIL import Image

from domain.cases.models import Attachment
from domain.channels.mail import shown_filename
from tests.channels.conftest import SECRETS
from tests.channels.mails import mail, poll_cli, sent_mails
from tests.channels.support import cases, inbound, new_id, read, signed_json, work
from wording import channels as words

HOSTILE = "<b>klik</b> www.bank-aman.example\u202egnp.exe"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_receipt_of_a_polled_mail_names_each_refused_file_and_why(
        app, imap, worker_app, sinks):
    raw, _ = mail("Jalan rusak", "Foto terlampir.", files=(
        ("jalan.png", "image/png", _png()),
        ("foto.heic", "image/heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64),
        ("surat.pdf", "application/pdf", b"%PDF-1.4\n% not really a PDF\n%%EOF"),
        (HOSTILE, "application/octet-stream", b"MZ\x90\x00 not a picture")))
    imap.append(raw)
    poll_cli(app)
    work(worker_app)
    [case] = cases()
    [stored] = read(sa.select(Attachment).where(Attachment.case_id == case.id))
    assert stored.label == "jalan.png"
    [receipt] = sent_mails(sinks)
    body = receipt["body"]
    assert case.tracking_id in body and "Lampiran berikut tidak kami simpan:" in body
    assert ('- lampiran ke-2, "foto" (berkas HEIC): berkasnya tidak dapat dibaca sebagai foto '
            'JPEG atau PNG') in body
    assert '- lampiran ke-3, "surat" (berkas PDF): PDF-nya rusak atau tidak lengkap.' in body
    assert '- lampiran ke-4, "b www bank-aman example gnp" (berkas EXE): berkasnya' in body
    assert "jalan" not in body  # the stored file is not mentioned
    for unsafe in ("<b>", "</b>", "www.bank", "\u202e", ".exe", "klik</"):
        assert unsafe not in body
    [message] = inbound()
    assert [a.get("refused") for a in message.raw["attachments"]] == [
        None, "broken_image", "broken_pdf", "broken_image"]
    assert all("content" not in a for a in message.raw["attachments"])


def _mail_hook(web, subject: str, text: str, attachments: list, in_reply_to: str = ""):
    payload = {"from": "Budi <budi@example.org>", "to": "lapor@aduan.test",
               "subject": subject, "text": text, "in_reply_to": in_reply_to,
               "message_id": f"<{new_id('m')}@mail.example.org>", "headers": {},
               "attachments": attachments}
    answer = signed_json(web, "/channels/email/inbound", SECRETS["email_webhook_secret"],
                         payload)
    assert answer.status_code == 200


def _mails(sinks) -> list[dict]:
    path = sinks / "email.log"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def test_the_answer_to_a_reply_names_an_empty_file_and_a_sixth_one(web, worker_app, sinks):
    png = base64.b64encode(_png()).decode()
    _mail_hook(web, "Lampu jalan mati", "Empat foto.", [
        {"filename": f"foto{n}.png", "content_type": "image/png", "content": png}
        for n in range(4)])
    work(worker_app)
    [case] = cases()
    assert "tidak kami simpan" not in _mails(sinks)[0]["body"]  # nothing refused, no word
    _mail_hook(web, f"Re: Laporan {case.tracking_id}", "Dua lagi.", [
        {"filename": "kosong.jpg", "content_type": "image/jpeg", "content": ""},
        {"filename": "foto5.png", "content_type": "image/png", "content": png},
        {"filename": "foto6.png", "content_type": "image/png", "content": png}])
    work(worker_app)
    answer = _mails(sinks)[-1]
    assert answer["subject"].startswith("Re: ") and "sudah kami terima" in answer["body"]
    assert '- lampiran ke-1, "kosong" (berkas JPG): berkasnya kosong.' in answer["body"]
    assert ('- lampiran ke-3, "foto6" (berkas PNG): satu laporan paling banyak memuat 5 '
            'lampiran.') in answer["body"]
    assert "foto5" not in answer["body"]
    assert len(read(sa.select(Attachment).where(Attachment.case_id == case.id))) == 5


def test_refusals_read_in_english_from_the_catalogue(app):
    with app.test_request_context(), force_locale("en"):
        text = words.refused_files([(2, "foto", "heic", "unsupported"), (3, "", "", "empty")])
    assert text.startswith("We did not keep these attachments:")
    assert '- attachment 2, "foto" (HEIC file): we do not accept this type of file' in text
    assert "- attachment 3: the file is empty." in text
    assert "reply to this e-mail" in text


def test_a_shown_filename_has_no_dots_markup_or_controls():
    assert shown_filename("C:\\Users\\budi\\Foto KTP.jpeg") == ("Foto KTP", "jpeg")
    assert shown_filename("../../etc/passwd") == ("passwd", "")
    assert shown_filename("evil.com") == ("evil", "com")
    assert shown_filename("a.b.c.d\u202ecod.exe") == ("a b c d cod", "exe")
    assert shown_filename("<script>alert(1)</script>.html") == ("script", "html")
    assert shown_filename("\u0000\n\r") == ("", "")
    assert shown_filename("x" * 300 + ".pdf") == ("x" * 40, "pdf")
