"""One adapter per gateway family: which setting enables it, how it signs, what it sends.

An adapter only reads the HTTP request: it checks the signature, turns the gateway's fields
into an `Incoming` (E.164 sender, NFC text, the raw payload kept) and says what the gateway
wants back. Everything after that is the domain's (`domain/channels/receive.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Request, Response

from domain.channels.normalize import clean_text, e164
from domain.channels.receive import Incoming
from domain.enums import Channel
from web.channels import signatures
from web.settings import Settings


class BadPayload(ValueError):
    """Signed, but not a message we can read (a missing sender or id): 400, nothing stored."""


@dataclass(frozen=True)
class Adapter:
    setting: str  # the Settings field whose value enables the adapter and keys its check
    verify: Callable[[Request, str, datetime, str], bool]  # request, secret, now, public URL
    parse: Callable[[Request], Incoming]
    answer: Callable[[], Response]


def public_url(request: Request, settings: Settings) -> str:
    """The URL the gateway called, as it saw it (what Twilio signs)."""
    if settings.public_url:
        query = request.query_string.decode()
        return settings.public_url.rstrip("/") + request.path + (f"?{query}" if query else "")
    return request.url


def _params(request: Request) -> dict[str, str]:
    """Form fields and query parameters (Vonage may GET or POST, form or JSON)."""
    params = request.args.to_dict()
    if request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict):
            params.update({k: str(v) for k, v in body.items() if v is not None})
    else:
        params.update(request.form.to_dict())
    return params


def _sender(raw: str | None) -> str:
    number = e164(raw or "")
    if not number:
        raise BadPayload("sender")
    return number


def _required(params: dict[str, Any], key: str) -> str:
    value = params.get(key)
    if value is None or str(value).strip() == "":
        raise BadPayload(key)
    return str(value)


def _twilio(request: Request) -> Incoming:
    form = request.form.to_dict()
    return Incoming(Channel.SMS, "twilio", _required(form, "MessageSid"),
                    _sender(form.get("From")), clean_text(form.get("Body", "")), form,
                    recipient=form.get("To"))


def _vonage(request: Request) -> Incoming:
    params = _params(request)
    concat = params.get("concat") == "true"
    try:
        part = int(params["concat-part"]) if concat else None
        total = int(params["concat-total"]) if concat else None
    except (KeyError, ValueError) as exc:
        raise BadPayload("concat") from exc
    return Incoming(Channel.SMS, "vonage", _required(params, "messageId"),
                    _sender(params.get("msisdn")),
                    clean_text(params.get("text", ""), strip=not concat), params,
                    recipient=params.get("to"),
                    concat_ref=params.get("concat-ref") if concat else None,
                    concat_part=part, concat_total=total)


def _jasmin(request: Request) -> Incoming:
    params = _params(request)
    params.pop("token", None)  # the shared token is not part of the message
    return Incoming(Channel.SMS, "jasmin", _required(params, "id"),
                    _sender(params.get("from")), clean_text(params.get("content", "")),
                    params, recipient=params.get("to"))


def _generic(request: Request) -> Incoming:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadPayload("json")
    return Incoming(Channel.SMS, "generic", _required(body, "id"), _sender(body.get("from")),
                    clean_text(str(body.get("text") or "")), body,
                    recipient=(str(body["to"]) if body.get("to") else None))


def _verify_twilio(request: Request, secret: str, _now: datetime, url: str) -> bool:
    return signatures.twilio_valid(
        secret, url, request.form, request.headers.get("X-Twilio-Signature"),
        request.headers.get("X-Twilio-Webhooks-Signature-Settings"))


def _verify_vonage(request: Request, secret: str, now: datetime, _url: str) -> bool:
    return signatures.vonage_valid(secret, _params(request), now)


def _verify_jasmin(request: Request, secret: str, _now: datetime, _url: str) -> bool:
    return signatures.token_valid(secret, request.args.get("token"))


def verify_aduan(request: Request, secret: str, now: datetime, _url: str = "") -> bool:
    return signatures.aduan_valid(secret, request.headers.get("X-Aduan-Timestamp"),
                                  request.headers.get("X-Aduan-Signature"),
                                  request.get_data(cache=True), now)


def _empty_twiml() -> Response:
    # No TwiML reply: answers leave through the outbox (one per message, rate-limited).
    return Response('<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
                    mimetype="text/xml")


def _ok_json() -> Response:
    return Response(json.dumps({"status": "ok"}), mimetype="application/json")


SMS: dict[str, Adapter] = {
    "twilio": Adapter("twilio_auth_token", _verify_twilio, _twilio, _empty_twiml),
    "vonage": Adapter("vonage_signature_secret", _verify_vonage, _vonage,
                      lambda: Response(status=204)),
    "jasmin": Adapter("jasmin_token", _verify_jasmin, _jasmin,
                      lambda: Response("ACK/Jasmin", mimetype="text/plain")),
    "generic": Adapter("sms_webhook_secret", verify_aduan, _generic, _ok_json),
}
