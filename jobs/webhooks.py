"""Delivering one webhook row: sign the body, POST it, a 2xx or a retry.

`jobs/outbox.py` fans a `status_changed` event out into one `webhook` row per active webhook
of the case's agency; this module carries one out. A non-2xx answer or a network error
raises DeliveryError and the outbox retries with its backoff (30 s, 1 min, … 1 h, six tries).
The row's id is the delivery id, so a receiver that sees a retry after a lost answer can
drop the repeat.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from flask import current_app

from domain.cases.models import Case
from domain.db import db
from domain.integrations.models import Webhook
from domain.integrations.webhooks import EVENT, SIGNATURE_HEADER, event_body, secret_of, signature
from domain.outbox.models import OutboxMessage
from jobs.channels import TIMEOUT, DeliveryError


def _post(url: str, body: bytes, headers: dict[str, str]) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise DeliveryError("a webhook URL must be http or https")
    request = urllib.request.Request(url, data=body, headers=headers,  # noqa: S310
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            if not 200 <= response.status < 300:
                raise DeliveryError(f"webhook answered {response.status}")
    except urllib.error.HTTPError as exc:
        exc.close()
        raise DeliveryError(f"webhook answered {exc.code}") from None
    except OSError as exc:  # URLError, timeouts, refused connections
        raise DeliveryError(f"webhook unreachable: {type(exc).__name__}") from exc


def deliver_webhook(message: OutboxMessage) -> None:
    """POST the signed status change; a webhook removed since is skipped."""
    webhook = db.session.get(Webhook, int(message.payload["recipient"].split(":", 1)[1]))
    case = db.session.get(Case, message.case_id)
    if webhook is None or not webhook.active or case is None:
        return
    body = json.dumps(event_body(
        delivery=message.id, tracking_id=case.tracking_id, old=message.payload.get("from"),
        new=message.payload.get("to"), agency=case.agency.code if case.agency else None,
        unit=case.unit.code if case.unit else None, at=message.created_at,
    ), separators=(",", ":")).encode()
    secret = secret_of(webhook, current_app.config["SECRET_KEY"])
    _post(webhook.url, body, {"Content-Type": "application/json", "User-Agent": "Aduan-Webhook",
                              "X-Aduan-Event": EVENT, "X-Aduan-Delivery": str(message.id),
                              SIGNATURE_HEADER: signature(secret, body)})
