"""Real RFC 5322 mails for the IMAP tests, and the ways to run the poll."""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from typing import Any

from domain.db import db
from jobs import queues
from jobs.mailbox import poll
from tests.channels.support import work

BUDI = "Budi Santoso <budi@example.org>"


def mail(subject: str, text: str, *, sender: str = BUDI, headers: dict | None = None,
         files: tuple = ()) -> tuple[bytes, str]:
    """A real mail as an MUA writes it, and its Message-ID."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "lapor@aduan.test", subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="mail.example.org")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    for filename, content_type, data in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes(policy=SMTP), message["Message-ID"]


def bounce(original_id: str) -> bytes:
    """A delivery status notification from a mailer daemon (RFC 3464)."""
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = "Mail Delivery System <MAILER-DAEMON@mail.example.org>"
    report["To"], report["Subject"] = "lapor@aduan.test", "Undelivered Mail Returned to Sender"
    report["Message-ID"], report["Date"] = make_msgid(domain="mail.example.org"), formatdate()
    report.attach(MIMEText("This is the mail system. Your message could not be delivered."))
    status = MIMEMessage(MIMEText(f"Original-Envelope-Id: {original_id}"), "delivery-status")
    report.attach(status)
    return report.as_bytes(policy=SMTP)


def poll_cli(app) -> str:
    db.session.remove()
    result = app.test_cli_runner().invoke(args=["channels", "imap-poll"])
    db.session.remove()
    assert result.exit_code == 0, result.output
    return result.output


def poll_job(app, worker_app) -> None:
    """The scheduler's way: `poll_mailbox_job` on the default queue, a real worker."""
    url = app.config["ADUAN"].redis_url
    queues.queue(queues.DEFAULT, url).enqueue(queues.POLL_MAILBOX, job_id=queues.MAILBOX_JOB_ID)
    work(worker_app)


def sent_mails(sinks) -> list[dict[str, Any]]:
    path = sinks / "email.log"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def poll_direct(app) -> int:
    db.session.remove()
    try:
        return poll(app.config["ADUAN"].imap_url)
    finally:
        db.session.remove()
