"""Polling a mailbox over IMAP (`ADUAN_IMAP_URL`), for installations without a mail webhook.

`imaps://user:password@host[:port]/FOLDER` (or `imap+starttls://`, `imap://` for a local
server). TLS verifies the server's certificate and name against the system's CAs (or the
file in SSL_CERT_FILE, for an internal CA): Python's imaplib alone would not. Each unseen
mail is stored like a webhook's (`domain/channels/receive.py`, the same `email` provider,
so a mail that also came by webhook is one message) and committed, then flagged seen: a
crash in between re-reads it next time and the unique Message-ID makes that harmless. A
mail whose store fails is left unseen and the pass goes on with the next. `flask channels
imap-poll` runs one pass; the scheduler enqueues `poll_mailbox_job` every pass when the URL
is set. Tested against a real Dovecot (tests/channels/test_imap_dovecot.py).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import ssl
from urllib.parse import unquote, urlsplit

from flask import current_app
from imap_tools import AND, MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.mailbox import BaseMailBox
from lxml import html as lxml_html

from domain.channels.mail import address
from domain.channels.normalize import clean_text
from domain.channels.receive import Incoming, receive
from domain.db import db
from domain.enums import Channel
from jobs.runtime import job

log = logging.getLogger(__name__)
PROVIDER = "email"
BATCH = 50
TIMEOUT = 30  # seconds: a server that stops answering fails the pass, the next one retries


def _body(mail: MailMessage) -> str:
    """The plain-text part; a mail sent as HTML only is reduced to its text (no markup)."""
    if mail.text.strip() or not mail.html.strip():
        return mail.text or ""
    try:
        document = lxml_html.fromstring(mail.html)
    except (ValueError, TypeError):  # lxml's ParserError is a ValueError
        return ""
    for hidden in document.xpath("//script|//style|//head"):
        hidden.drop_tree()
    return document.text_content()


def _fallback_id(mail: MailMessage) -> str:
    """A mail without a Message-ID is named by its bytes (a UID is unique only per
    UIDVALIDITY, so a recreated folder would reuse it)."""
    try:
        data = mail.obj.as_bytes()
    except (LookupError, ValueError, TypeError):  # a header the policy cannot serialise
        data = f"{mail.uid}|{mail.date_str}|{mail.from_}|{mail.subject}".encode()
    return "imap-sha256-" + hashlib.sha256(data).hexdigest()


def incoming_from(mail: MailMessage) -> Incoming:
    """One fetched mail as the channel's `Incoming` (headers kept for the robot check)."""
    headers = {k: " ".join(v) for k, v in mail.headers.items()}
    message_id = " ".join(mail.headers.get("message-id", ())).strip() or _fallback_id(mail)
    files = [{"filename": a.filename, "content_type": a.content_type,
              "content": base64.b64encode(a.payload).decode()} for a in mail.attachments]
    reference = " ".join(" ".join(mail.headers.get(k, ())) for k in ("in-reply-to",
                                                                       "references"))
    raw = {"from": mail.from_, "to": list(mail.to), "subject": mail.subject,
           "message_id": message_id, "headers": headers, "attachments": files}
    return Incoming(Channel.EMAIL, PROVIDER, message_id, address(mail.from_),
                    clean_text(_body(mail)), raw, recipient=", ".join(mail.to) or None,
                    subject=clean_text(mail.subject or "", 300) or None,
                    reference=reference.strip() or None)


def _mailbox(url: str) -> tuple[BaseMailBox, str, str, str]:
    parts = urlsplit(url)
    host, port = parts.hostname or "localhost", parts.port
    if parts.scheme == "imaps":
        box: BaseMailBox = MailBox(host, port or 993, timeout=TIMEOUT,
                                   ssl_context=ssl.create_default_context())
    elif parts.scheme == "imap+starttls":
        box = MailBoxStartTls(host, port or 143, timeout=TIMEOUT,
                              ssl_context=ssl.create_default_context())
    elif parts.scheme == "imap":
        box = MailBoxUnencrypted(host, port or 143, timeout=TIMEOUT)
    else:
        raise ValueError(f"unsupported IMAP URL scheme {parts.scheme!r}")
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return box, unquote(parts.username or ""), unquote(parts.password or ""), folder


def _store(mail: MailMessage) -> bool | None:
    """Store and commit one mail; True if new, False if known, None if the store failed
    (rolled back and logged by UID only: the mail stays unseen for the next pass)."""
    try:
        _, stored = receive(incoming_from(mail))
        db.session.commit()
    except Exception as exc:  # one bad mail must not stop the mailbox
        db.session.rollback()
        log.warning("IMAP: mail uid %s not stored (%s); left unseen", mail.uid,
                    type(exc).__name__)
        return None
    return stored


def poll(url: str) -> int:
    """Store every unseen mail of the folder (at most BATCH); returns how many were new."""
    box, user, password, folder = _mailbox(url)
    new = 0
    with box.login(user, password, initial_folder=folder) as mailbox:
        for mail in mailbox.fetch(AND(seen=False), mark_seen=False, limit=BATCH):
            stored = _store(mail)
            if stored is None:
                continue
            mailbox.flag(mail.uid, "\\Seen", True)  # only now: the row is committed
            new += int(stored)
    return new


@job
def poll_mailbox_job() -> int:
    """RQ entry point: one pass over the configured mailbox (none configured: nothing)."""
    url = current_app.config["ADUAN"].imap_url
    return poll(url) if url else 0
