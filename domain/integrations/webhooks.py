"""Outbound webhooks: a connected agency system hears of every status change of its cases.

An admin registers a URL per agency; each status change of a case of that agency becomes one
delivery row in the outbox (`jobs/outbox.py::expand_status`), POSTed by a worker with an
HMAC-SHA256 signature of the exact body and retried with the outbox's backoff until a 2xx.
The body carries codes only (tracking ID, statuses, agency and unit codes, time): no citizen
text and no reporter, so a receiver learns what changed and reads the rest with a token.

The signing secret is derived, never stored: HMAC(app secret, webhook id + salt). The admin
sees it once; rotating is removing the webhook and adding it again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.clock import clock
from domain.db import db
from domain.errors import InvalidData, NotFound
from domain.integrations.models import Webhook
from domain.org.models import Agency, User

SIGNATURE_HEADER = "X-Aduan-Signature"
EVENT = "case.status_changed"
URL_MAX = 500


@dataclass(frozen=True)
class AddedWebhook:
    webhook: Webhook
    secret: str


def secret_of(webhook: Webhook, app_secret: str) -> str:
    return hmac.new(app_secret.encode(), f"webhook:{webhook.id}:{webhook.salt}".encode(),
                    hashlib.sha256).hexdigest()


def signature(secret: str, body: bytes) -> str:
    """`sha256=<hex>`: what the receiver recomputes over the raw body with its secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if len(url) > URL_MAX or parts.scheme not in ("https", "http") or not parts.hostname \
            or parts.username or parts.password:
        raise InvalidData("webhook_url_invalid", details={"url": ["invalid"]})
    return url


def add_webhook(agency_code: str, url: str, *, app_secret: str,
                actor: User | None = None) -> AddedWebhook:
    """Register `url` for the agency; the secret is returned this once."""
    agency = db.session.execute(
        sa.select(Agency).where(Agency.code == agency_code.strip())).scalar()
    if agency is None:
        raise InvalidData("webhook_agency_unknown", details={"agency": ["not_found"]})
    now = clock.now()
    row = Webhook(agency_id=agency.id, url=_check_url(url), salt=secrets.token_hex(16),
                  created_at=now, created_by_id=actor.id if actor else None)
    db.session.add(row)
    db.session.flush()
    audit.record("webhook_added", actor=actor_of(actor), now=now,
                 payload={"webhook": row.id, "agency": agency.code, "url": row.url})
    return AddedWebhook(row, secret_of(row, app_secret))


def remove_webhook(webhook_id: int, *, actor: User | None = None) -> Webhook:
    """Stop deliveries to a webhook (rows already in the outbox still go out once)."""
    row = db.session.get(Webhook, webhook_id)
    if row is None or not row.active:
        raise NotFound("webhook_not_found")
    row.active = False
    db.session.flush()
    audit.record("webhook_removed", actor=actor_of(actor), now=clock.now(),
                 payload={"webhook": row.id, "url": row.url})
    return row


def active_webhooks(agency_id: int | None) -> list[Webhook]:
    if agency_id is None:
        return []
    return list(db.session.execute(
        sa.select(Webhook).where(Webhook.agency_id == agency_id, Webhook.active.is_(True))
        .order_by(Webhook.id)).scalars())


def all_webhooks() -> list[tuple[Webhook, str]]:
    """Every webhook with its agency's code, active first (a handful per agency)."""
    rows = db.session.execute(
        sa.select(Webhook, Agency.code).join(Agency, Agency.id == Webhook.agency_id)
        .order_by(Webhook.active.desc(), Agency.code, Webhook.id)).all()
    return [(row[0], row[1]) for row in rows]


def event_body(*, delivery: int, tracking_id: str, old: str | None, new: str | None,
               agency: str | None, unit: str | None, at: datetime) -> dict[str, Any]:
    """What a receiver gets: codes only. `delivery` is unique per delivery (dedupe on it)."""
    return {"event": EVENT, "delivery": str(delivery), "tracking_id": tracking_id,
            "from": old, "to": new, "agency": agency, "unit": unit,
            "occurred_at": at.isoformat(timespec="seconds")}
