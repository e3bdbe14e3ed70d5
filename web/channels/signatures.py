"""Who may knock on a webhook: each gateway's own signature scheme, checked before parsing.

- Twilio: `X-Twilio-Signature`, checked by the `twilio` package's `RequestValidator` over
  the public URL (ADUAN_PUBLIC_URL, else the request's URL as ProxyFix reconstructs it)
  and the form parameters.
- Vonage "signed messages": `sig` over the other parameters, sorted, as `&key=value`
  (`&` and `=` in values replaced by `_`), HMAC-SHA256 with the signature secret, upper-case
  hex; its `timestamp` parameter must be within the replay window.
- Jasmin cannot sign: its MO URL carries `?token=` (compared in constant time); run it on a
  private network or behind TLS, since a token in a URL is only as secret as the link.
- Aduan's generic scheme (SMS gateways, inbound mail, social bridges):
  `X-Aduan-Timestamp: <unix seconds>` and `X-Aduan-Signature: <hex HMAC-SHA256 of
  "<timestamp>.<raw body>">`; a timestamp more than five minutes from our clock is refused,
  so a captured request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime

from twilio.request_validator import RequestValidator, get_signature_algorithm

REPLAY_WINDOW_SECONDS = 300


def within_window(timestamp: str | None, now: datetime) -> bool:
    try:
        moment = int(str(timestamp).strip())
    except (TypeError, ValueError):
        return False
    return abs(now.timestamp() - moment) <= REPLAY_WINDOW_SECONDS


def aduan_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The generic scheme's signature (the simulator and the tests sign with it too)."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body,
                    hashlib.sha256).hexdigest()


def aduan_valid(secret: str, timestamp: str | None, signature: str | None, body: bytes,
                now: datetime) -> bool:
    if not timestamp or not signature or not within_window(timestamp, now):
        return False
    return hmac.compare_digest(aduan_signature(secret, timestamp, body),
                               signature.strip().lower())


def twilio_valid(token: str, url: str, params: Mapping[str, str], signature: str | None,
                 settings_header: str | None = None) -> bool:
    if not signature:
        return False
    return RequestValidator(token).validate(url, params, signature,
                                            get_signature_algorithm(settings_header))


def vonage_signature(secret: str, params: Mapping[str, str]) -> str:
    text = "".join(f"&{key}={str(value).replace('&', '_').replace('=', '_')}"
                   for key, value in sorted(params.items()) if key != "sig")
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest().upper()


def vonage_valid(secret: str, params: Mapping[str, str], now: datetime) -> bool:
    signature = params.get("sig")
    if not signature or not within_window(params.get("timestamp"), now):
        return False
    return hmac.compare_digest(vonage_signature(secret, params), signature.upper())


def token_valid(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())
