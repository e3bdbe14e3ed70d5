"""Delivery adapters: e-mail over SMTP, SMS through an HTTP gateway, or a file sink.

`ADUAN_SMTP_URL` takes `smtp://[user:pass@]host[:port]` (plain), `smtp+starttls://...`
(STARTTLS required) or `smtps://...` (implicit TLS), with an optional `?from=address`.
`ADUAN_SMS_GATEWAY_URL` receives `POST {"to": "+62...", "text": "..."}` as JSON; any 2xx is
success. Unset, both write to `<data dir>/outbox/{email,sms}.log` (JSON lines, mode 0600):
the development stand-in for a mail server, holding the messages themselves.
"""

from __future__ import annotations

import json
import os
import re
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from domain.clock import clock

TIMEOUT = 10  # seconds; a hung provider fails the attempt, the retry comes with backoff
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\+?\d[\d\s-]{6,}\d")


class DeliveryError(RuntimeError):
    """The provider refused or could not be reached; the outbox retries later."""


def redact(text: str) -> str:
    """An error text safe to store and log: addresses and phone numbers blanked out."""
    return _CONTACT.sub("[redacted]", text)[:500]


def _sink(data_dir: Path, channel: str, record: dict[str, str]) -> None:
    folder = data_dir / "outbox"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{channel}.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"at": clock.now().isoformat(), **record},
                                ensure_ascii=False) + "\n")


def message_id(thread: str | None, host: str) -> str:
    """A Message-ID naming the case (`<...aduan.ABCD2345@host>`), so that a reply's
    In-Reply-To threads onto it (`domain/channels/mail.py` reads it back)."""
    return make_msgid(f"aduan.{thread}" if thread else "aduan", domain=host)


def send_email(smtp_url: str | None, data_dir: Path, to: str, subject: str, body: str, *,
               thread: str | None = None, in_reply_to: str | None = None) -> None:
    """Send one plain-text e-mail (or write it to the sink when no SMTP server is set).

    `thread` is the case's tracking id, put into the Message-ID; `in_reply_to` the
    Message-ID of the reporter's mail this one answers.
    """
    url = urlsplit(smtp_url or "smtp://localhost")
    host = url.hostname or "localhost"
    msgid = message_id(thread, host)
    if not smtp_url:
        _sink(data_dir, "email", {"to": to, "subject": subject, "body": body,
                                  "message_id": msgid, "in_reply_to": in_reply_to or ""})
        return
    sender = parse_qs(url.query).get("from", [f"aduan@{host}"])[0]
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"], message["Message-ID"] = formatdate(localtime=False), msgid
    if in_reply_to:
        message["In-Reply-To"] = message["References"] = in_reply_to
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: other robots do not answer
    message.set_content(body)
    try:
        if url.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, url.port or 465, timeout=TIMEOUT,
                                                    context=ssl.create_default_context())
        elif url.scheme in ("smtp", "smtp+starttls"):
            client = smtplib.SMTP(host, url.port or 25, timeout=TIMEOUT)
        else:
            raise DeliveryError(f"unsupported SMTP URL scheme {url.scheme!r}")
        with client:
            client.ehlo()
            if url.scheme == "smtp+starttls":
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP: {type(exc).__name__}: {redact(str(exc))}") from exc


def send_sms(gateway_url: str | None, data_dir: Path, to: str, text: str) -> None:
    """Hand one SMS to the gateway (or to the sink when no gateway is set)."""
    if not gateway_url:
        _sink(data_dir, "sms", {"to": to, "text": text})
        return
    _post_json(gateway_url, {"to": to, "text": text}, "SMS gateway")


def send_social(reply_url: str | None, data_dir: Path, provider: str, post_id: str,
                text: str) -> None:
    """Answer a social media post in public through the configured bridge (or the sink)."""
    record = {"provider": provider, "in_reply_to": post_id, "text": text}
    if not reply_url:
        _sink(data_dir, "social", record)
        return
    _post_json(reply_url, record, "social reply endpoint")


def _post_json(url: str, payload: dict[str, str], what: str) -> None:
    """POST `payload` as JSON; any 2xx is success, anything else a DeliveryError."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise DeliveryError(f"the {what} URL must be http or https")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            if not 200 <= response.status < 300:
                raise DeliveryError(f"{what} answered {response.status}")
    except urllib.error.HTTPError as exc:
        exc.close()  # it holds the response's socket
        raise DeliveryError(f"{what} answered {exc.code}") from None
    except OSError as exc:  # URLError, timeouts
        raise DeliveryError(f"{what}: {type(exc).__name__}: {redact(str(exc))}") from exc
