"""Recording side effects inside the transaction that causes them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.clock import clock
from domain.db import db
from domain.outbox.models import OutboxMessage

# Keys this transaction already enqueued: a repeat inside it is a no-op without a query.
_KEYS = "aduan.outbox_keys"


@sa.event.listens_for(sa.orm.Session, "after_transaction_end")
def _forget_keys(session: sa.orm.Session, transaction: Any) -> None:
    if transaction.parent is None or transaction.nested:
        session.info.pop(_KEYS, None)


def enqueue(
    kind: str, dedupe_key: str, *, case_id: int | None = None,
    payload: dict[str, Any] | None = None, fresh: bool = False,
) -> OutboxMessage | None:
    """Record a side effect once: a second call with the same key is a no-op.

    `fresh=True` says the key names something this transaction just made (a new case, a new
    task, a case version it holds the lock on), so no committed row can hold it: the SELECT
    is skipped and `outbox.dedupe_key`'s unique index alone keeps it once. A second run of
    the same step would then fail as a whole, which is what it must do.
    """
    keys: set[str] = db.session.info.setdefault(_KEYS, set())
    if dedupe_key in keys:
        return None
    if not fresh:
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
    keys.add(dedupe_key)
    return message
