"""The webhook's one write: store an inbound message once, and leave its work to a job.

A gateway retries until it sees a 2xx, and some deliver the same message twice anyway, so
the store is idempotent on `(provider, external_id)`: a redelivery finds the row (or loses
the race on the unique index) and changes nothing. Parsing, the case and the reply happen
in the `inbound` outbox row's job after commit, so the webhook answers in one insert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from domain.channels.models import InboundMessage
from domain.clock import clock
from domain.db import db
from domain.enums import Channel
from domain.outbox import operations as outbox


@dataclass(frozen=True)
class Incoming:
    """A message as an adapter read it off the wire (numbers E.164, text NFC)."""

    channel: Channel
    provider: str
    external_id: str
    sender: str
    text: str
    raw: dict[str, Any]
    recipient: str | None = None
    subject: str | None = None
    reference: str | None = None
    concat_ref: str | None = None
    concat_part: int | None = None
    concat_total: int | None = None
    received_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _storable(value: Any) -> Any:
    """The raw payload as JSON can hold it: PostgreSQL's JSONB refuses NUL characters."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {str(k).replace("\x00", ""): _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value


def _existing(provider: str, external_id: str) -> InboundMessage | None:
    return db.session.execute(sa.select(InboundMessage).where(
        InboundMessage.provider == provider, InboundMessage.external_id == external_id)
    ).scalar_one_or_none()


def receive(incoming: Incoming) -> tuple[InboundMessage, bool]:
    """Store `incoming` unless its `(provider, id)` is known; True if it was new."""
    external_id = _storable(incoming.external_id)[:200]
    known = _existing(incoming.provider, external_id)
    if known is not None:
        return known, False
    text = {name: _storable(getattr(incoming, name)) or None for name in (
        "external_id", "recipient", "subject", "reference", "concat_ref")}
    row = InboundMessage(
        channel=incoming.channel, provider=incoming.provider,
        external_id=external_id, sender=incoming.sender[:254],
        recipient=text["recipient"] and text["recipient"][:254],
        subject=text["subject"] and text["subject"][:300],
        reference=text["reference"] and text["reference"][:1000],
        text=incoming.text, raw=_storable(incoming.raw), received_at=clock.now(),
        concat_ref=text["concat_ref"] and text["concat_ref"][:64],
        concat_part=incoming.concat_part, concat_total=incoming.concat_total,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:  # the same message, delivered twice at once: the other won
        known = _existing(incoming.provider, external_id)
        if known is None:
            raise
        return known, False
    outbox.enqueue("inbound", f"inbound:{row.id}", payload={"inbound_id": row.id}, fresh=True)
    return row, True
