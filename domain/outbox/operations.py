"""Recording side effects inside the transaction that causes them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.clock import clock
from domain.db import db
from domain.outbox.models import OutboxMessage


def enqueue(
    kind: str, dedupe_key: str, *, case_id: int | None = None, payload: dict[str, Any] | None = None
) -> OutboxMessage | None:
    """Record a side effect once: a second call with the same key is a no-op."""
    exists = db.session.execute(
        sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ).first()
    if exists:
        return None
    now = clock.now()
    message = OutboxMessage(
        kind=kind,
        dedupe_key=dedupe_key,
        case_id=case_id,
        payload=payload or {},
        created_at=now,
        next_attempt_at=now,
    )
    db.session.add(message)
    db.session.flush()
    return message
