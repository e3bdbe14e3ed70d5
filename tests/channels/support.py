"""Signed gateway requests (each provider's real scheme) and a worker run, for the tests."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from twilio.request_validator import RequestValidator

from domain.cases.models import Case
from domain.channels.models import InboundMessage
from domain.clock import clock
from domain.db import db
from jobs.worker import make_worker
from tests.channels.conftest import SECRETS
from web.channels.signatures import aduan_signature, vonage_signature

PUBLIC = "https://lapor.example.go.id"
_serial = iter(range(10**6))


def new_id(prefix: str = "SM") -> str:
    return f"{prefix}{time.monotonic_ns()}{next(_serial)}"


def twilio(web: Any, sender: str, text: str, sid: str | None = None, *,
           tamper: bool = False) -> Any:
    """POST like Twilio: form fields signed with X-Twilio-Signature over the public URL."""
    form = {"MessageSid": sid or new_id(), "From": sender, "To": "1708", "Body": text,
            "AccountSid": "AC123", "NumMedia": "0"}
    signature = RequestValidator(SECRETS["twilio_auth_token"]).compute_signature(
        f"{PUBLIC}/channels/sms/twilio", form)
    if tamper:
        form["Body"] = text + " (diubah)"
    return web.post("/channels/sms/twilio", data=form,
                    headers={"X-Twilio-Signature": signature})


def vonage(web: Any, sender: str, text: str, *, ref: str | None = None, part: int = 1,
           total: int = 1, message_id: str | None = None, method: str = "POST",
           timestamp: int | None = None, tamper: bool = False) -> Any:
    """Like Vonage's inbound webhook: signed parameters as a form POST, or (Vonage's "GET"
    webhook method) as the query string of a GET."""
    stamp = timestamp if timestamp is not None else int(clock.now().timestamp())
    params = {"msisdn": sender.lstrip("+"), "to": "1708", "messageId": message_id or new_id("V"),
              "text": text, "type": "text", "timestamp": str(stamp), "nonce": new_id("n"),
              "message-timestamp": "2026-12-08 01:02:03", "api-key": "abcd1234"}
    if ref is not None:
        params.update({"concat": "true", "concat-ref": ref, "concat-part": str(part),
                       "concat-total": str(total)})
    params["sig"] = vonage_signature(SECRETS["vonage_signature_secret"], params)
    if tamper:
        params["text"] = text + " (diubah)"
    if method == "GET":
        return web.get(f"/channels/sms/vonage?{urlencode(params)}")
    return web.post("/channels/sms/vonage", data=params)


def jasmin(web: Any, sender: str, text: str, token: str = SECRETS["jasmin_token"]) -> Any:
    form = {"id": new_id("J"), "from": sender, "to": "1708", "content": text,
            "coding": "0", "origin-connector": "smpp01"}
    return web.post(f"/channels/sms/jasmin?{urlencode({'token': token})}", data=form)


def signed_json(web: Any, path: str, secret: str, payload: dict[str, Any], *,
                timestamp: int | None = None, tamper: bool = False) -> Any:
    """POST JSON signed with Aduan's generic scheme (HMAC-SHA256 of "<ts>.<body>")."""
    body = json.dumps(payload).encode()
    ts = str(timestamp if timestamp is not None else int(clock.now().timestamp()))
    signature = aduan_signature(secret, ts, body)
    if tamper:
        body = body.replace(b"Lubang", b"lubang")
    return web.post(path, data=body, content_type="application/json",
                    headers={"X-Aduan-Timestamp": ts, "X-Aduan-Signature": signature})


def generic(web: Any, sender: str, text: str, message_id: str | None = None, **kw: Any) -> Any:
    payload = {"id": message_id or new_id("G"), "from": sender, "to": "1708", "text": text,
               "received_at": clock.now().isoformat()}
    return signed_json(web, "/channels/sms/generic", SECRETS["sms_webhook_secret"], payload,
                       **kw)


def work(app: Any) -> None:
    """Run a real RQ worker until the queues are empty (the jobs it spawns included)."""
    db.session.remove()
    make_worker(app).work(burst=True)
    db.session.remove()


def read(query: Any) -> list[Any]:
    """Rows read in a transaction that ends at once: SQLite's BEGIN IMMEDIATE would
    otherwise keep the write lock from the next webhook request."""
    db.session.remove()
    rows = list(db.session.execute(query).scalars())
    db.session.commit()
    return rows


def cases() -> list[Case]:
    return read(sa.select(Case).order_by(Case.id))


def inbound() -> list[InboundMessage]:
    return read(sa.select(InboundMessage).order_by(InboundMessage.id))


def sms_sent(sinks: Any) -> list[dict[str, str]]:
    path = sinks / "sms.log"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []
