"""The IMAP poll against a real Dovecot: cases, threaded replies, robots, seen-after-commit.

Mails are real RFC 5322 messages APPENDed over IMAP; the poll is the real one (`flask
channels imap-poll`, and `jobs.mailbox.poll_mailbox_job` through an RQ worker) over IMAPS,
verifying the server's self-signed certificate through SSL_CERT_FILE.
"""

from __future__ import annotations

import ssl
from dataclasses import replace
from email.message import EmailMessage
from typing import Any

import pytest
import sqlalchemy as sa

from domain.cases.models import CaseNote
from domain.channels.receive import receive
from domain.db import db
from domain.enums import Channel
from tests.channels.mails import bounce, mail, poll_cli, poll_direct, poll_job, sent_mails
from tests.channels.support import cases, inbound, read, work


def notes(case_id: int) -> list[str]:
    return read(sa.select(CaseNote.body).where(CaseNote.case_id == case_id)
                .order_by(CaseNote.id))


def test_a_new_mail_becomes_an_email_case_and_is_flagged_seen(app, imap, worker_app, sinks):
    raw, first_id = mail("Jalan rusak di Jl. Gatot Subroto", "Lubang besar di depan SD 5.")
    imap.append(raw)
    assert "\\Seen" not in imap.flags()[first_id]
    assert "1 new mail(s) stored" in poll_cli(app)
    assert "\\Seen" in imap.flags()[first_id]
    work(worker_app)
    [case] = cases()
    assert case.channel == Channel.EMAIL and case.title == "Jalan rusak di Jl. Gatot Subroto"
    assert case.description == "Lubang besar di depan SD 5."
    [receipt] = sent_mails(sinks)
    assert receipt["to"] == "budi@example.org" and case.tracking_id in receipt["subject"]
    [message] = inbound()
    assert message.external_id == first_id and message.outcome == "case_created"


def test_replies_thread_onto_the_case_and_robots_are_dropped(app, imap, worker_app, sinks):
    imap.append(mail("Lampu jalan mati", "Lampu PJU mati sejak Senin.")[0])
    poll_job(app, worker_app)
    [case] = cases()
    [receipt] = sent_mails(sinks)
    tid = case.tracking_id
    imap.append(mail(f"Re: Laporan {tid[:4]}-{tid[4:]} diterima",
                     "Masih mati sampai hari ini.\n\nPada Sen, Aduan menulis:\n> Laporan")[0])
    imap.append(mail("Re: Laporan", "Sudah ada yang jatuh.",
                     headers={"In-Reply-To": receipt["message_id"],
                              "References": receipt["message_id"]})[0])
    imap.append(mail(f"Re: Laporan {tid} diterima", "Saya sedang cuti sampai 10 Desember.",
                     headers={"Auto-Submitted": "auto-replied",
                              "In-Reply-To": receipt["message_id"]})[0])
    imap.append(bounce(receipt["message_id"]))
    poll_job(app, worker_app)
    assert len(cases()) == 1  # replies are responses, never new cases
    assert notes(case.id) == ["Masih mati sampai hari ini.", "Sudah ada yang jatuh."]
    outcomes = [m.outcome for m in inbound()]
    assert outcomes == ["case_created", "threaded", "threaded", "dropped", "dropped"]
    answers = sent_mails(sinks)[1:]
    assert len(answers) == 2 and all(a["to"] == "budi@example.org" for a in answers)
    assert all("\\Seen" in flags for flags in imap.flags().values())


def test_polling_twice_and_a_crash_before_the_flag_make_nothing_twice(
        app, imap, worker_app, sinks, monkeypatch):
    from imap_tools.mailbox import BaseMailBox

    raw, message_id = mail("Sampah menumpuk", "Sampah di Pasar Petisah tidak diangkut.")
    imap.append(raw)

    def crash(*_args: Any, **_kw: Any) -> None:
        raise ConnectionResetError("the worker died before flagging")

    with monkeypatch.context() as patched:
        patched.setattr(BaseMailBox, "flag", crash)
        with pytest.raises(ConnectionResetError):
            poll_direct(app)
    assert len(inbound()) == 1 and "\\Seen" not in imap.flags()[message_id]  # committed
    assert "0 new mail(s) stored" in poll_cli(app)  # read again, known, now flagged
    assert "\\Seen" in imap.flags()[message_id]
    assert "0 new mail(s) stored" in poll_cli(app)  # nothing unseen is left
    work(worker_app)
    assert len(cases()) == 1 and len(inbound()) == 1 and len(sent_mails(sinks)) == 1


def test_a_mail_is_flagged_seen_only_after_its_row_committed(app, imap, monkeypatch):
    """The commit is watched: at commit time the mail is still unseen; a failed commit
    leaves it unseen (and stored nowhere), the next pass stores it."""
    good, good_id = mail("Air PDAM mati", "Air mati tiga hari di Medan Baru.")
    bad, bad_id = mail("Jalan banjir", "Jl. Sudirman banjir setiap hujan.")
    imap.append(good)
    imap.append(bad)
    real_commit, real_receive, current, seen_at_commit = db.session.commit, receive, [], []

    def watched_receive(incoming: Any) -> Any:
        current.append(incoming.external_id)
        return real_receive(incoming)

    def watched_commit() -> None:
        seen_at_commit.append((current[-1], "\\Seen" in imap.flags()[current[-1]]))
        if current[-1] == bad_id:
            raise sa.exc.OperationalError("COMMIT", {}, Exception("database went away"))
        real_commit()

    with monkeypatch.context() as patched:
        patched.setattr("jobs.mailbox.receive", watched_receive)
        patched.setattr(db.session, "commit", watched_commit)
        assert poll_direct(app) == 1
    assert seen_at_commit == [(good_id, False), (bad_id, False)]
    flags = imap.flags()
    assert "\\Seen" in flags[good_id] and "\\Seen" not in flags[bad_id]
    assert [m.external_id for m in inbound()] == [good_id]
    assert poll_direct(app) == 1 and "\\Seen" in imap.flags()[bad_id]
    assert [m.external_id for m in inbound()] == [good_id, bad_id]


def test_an_untrusted_certificate_is_refused_and_plain_imap_works(app, imap, monkeypatch):
    imap.append(mail("Puskesmas tutup", "Puskesmas tutup jam 10 pagi.")[0])
    monkeypatch.delenv("SSL_CERT_FILE")
    with pytest.raises(ssl.SSLCertVerificationError):
        poll_direct(app)
    assert inbound() == []
    app.config["ADUAN"] = replace(app.config["ADUAN"], imap_url=imap.url("imap"))
    assert "1 new mail(s) stored" in poll_cli(app)


def test_starttls_is_verified_too_and_an_html_only_mail_is_read_as_text(
        app, imap, worker_app, monkeypatch):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "siti@example.org", "lapor@x", "PJU"
    message["Message-ID"] = "<html-only@mail.example.org>"
    message.set_content("<html><head><style>p{color:red}</style></head><body><p>Lampu "
                        "<b>PJU</b> mati</p><script>alert(1)</script></body></html>",
                        subtype="html")
    imap.append(bytes(message))
    starttls = imap.url("imap+starttls")
    app.config["ADUAN"] = replace(app.config["ADUAN"], imap_url=starttls)
    with monkeypatch.context() as untrusted:
        untrusted.delenv("SSL_CERT_FILE")
        with pytest.raises(ssl.SSLCertVerificationError):
            poll_direct(app)
    assert "1 new mail(s) stored" in poll_cli(app)
    work(worker_app)
    [case] = cases()
    assert case.description == "Lampu PJU mati"
