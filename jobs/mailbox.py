"""Polling a mailbox over IMAP (`ADUAN_IMAP_URL`), for installations without a mail webhook.

`imaps://user:password@host[:port]/FOLDER` (or `imap+starttls://`, `imap://` for a local
test server). Each unseen mail is stored like a webhook's (`domain/channels/receive.py`,
the same `email` provider, so a mail that also came by webhook is one message) and
committed, then flagged seen: a crash in between re-reads it next time and the unique
Message-ID makes that harmless. `flask channels imap-poll` runs one pass; the scheduler
enqueues `poll_mailbox_job` every pass when the URL is set.
"""

from __future__ import annotations

import base64
import logging
from urllib.parse import unquote, urlsplit

from flask import current_app
from imap_tools import AND, MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage

from domain.channels.mail import address
from domain.channels.normalize import clean_text
from domain.channels.receive import Incoming, receive
from domain.db import db
from domain.enums import Channel
from jobs.runtime import job

log = logging.getLogger(__name__)
PROVIDER = "email"
BATCH = 50


def incoming_from(mail: MailMessage) -> Incoming:
    """One fetched mail as the channel's `Incoming` (headers kept for the robot check)."""
    headers = {k: " ".join(v) for k, v in mail.headers.items()}
    message_id = " ".join(mail.headers.get("message-id", ())).strip() or f"imap-uid-{mail.uid}"
    files = [{"filename": a.filename, "content_type": a.content_type,
              "content": base64.b64encode(a.payload).decode()} for a in mail.attachments]
    reference = " ".join(" ".join(mail.headers.get(k, ())) for k in ("in-reply-to",
                                                                       "references"))
    raw = {"from": mail.from_, "to": list(mail.to), "subject": mail.subject,
           "message_id": message_id, "headers": headers, "attachments": files}
    return Incoming(Channel.EMAIL, PROVIDER, message_id, address(mail.from_),
                    clean_text(mail.text or ""), raw, recipient=", ".join(mail.to) or None,
                    subject=clean_text(mail.subject or "", 300) or None,
                    reference=reference.strip() or None)


def _mailbox(url: str) -> tuple[MailBox, str, str, str]:
    parts = urlsplit(url)
    kinds = {"imaps": MailBox, "imap+starttls": MailBoxStartTls, "imap": MailBoxUnencrypted}
    if parts.scheme not in kinds:
        raise ValueError(f"unsupported IMAP URL scheme {parts.scheme!r}")
    box = kinds[parts.scheme](parts.hostname or "localhost", *(
        [parts.port] if parts.port else []))
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return box, unquote(parts.username or ""), unquote(parts.password or ""), folder


def poll(url: str) -> int:
    """Store every unseen mail of the folder; returns how many were new."""
    box, user, password, folder = _mailbox(url)
    new = 0
    with box.login(user, password, initial_folder=folder) as mailbox:
        for mail in mailbox.fetch(AND(seen=False), mark_seen=False, limit=BATCH):
            _, stored = receive(incoming_from(mail))
            db.session.commit()
            mailbox.flag(mail.uid, "\\Seen", True)
            new += int(stored)
    return new


@job
def poll_mailbox_job() -> int:
    """RQ entry point: one pass over the configured mailbox (none configured: nothing)."""
    url = current_app.config["ADUAN"].imap_url
    return poll(url) if url else 0
