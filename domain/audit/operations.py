"""Appending to and verifying the audit chain.

Each row stores `prev_hash` (the previous row's hash in its chain) and
`hash = sha256(prev_hash || canonical content)`. Changing, deleting or reordering any row
breaks every later hash of that chain, and `verify_chain` names the first row that no longer
matches.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.clock import clock
from domain.db import db

GENESIS = "0" * 64
SYSTEM_CHAIN = "system"
# The heads this transaction appended, so a step writing several events reads each chain's
# head once. Valid only inside one transaction: forgotten whenever any transaction ends.
_HEADS_KEY = "aduan.audit_heads"


@sa.event.listens_for(sa.orm.Session, "after_transaction_end")
def _forget_heads(session: sa.orm.Session, transaction: Any) -> None:
    # Every flush runs in a subtransaction of its own and ends it: that must not drop the
    # heads. The real transaction ending does, and so does a savepoint (it may roll back).
    if transaction.parent is None or transaction.nested:
        session.info.pop(_HEADS_KEY, None)


def new_chain(case_id: int) -> None:
    """A case created in this transaction has no events yet: its first needs no query."""
    db.session.info.setdefault(_HEADS_KEY, {})[chain_for(case_id)] = (0, GENESIS)


def chain_for(case_id: int | None) -> str:
    return f"case:{case_id}" if case_id is not None else SYSTEM_CHAIN


def canonical(event: CaseEvent) -> str:
    """The exact bytes hashed for a row: stable key order, no whitespace, UTC ISO time."""
    return json.dumps(
        {
            "chain": event.chain,
            "seq": event.seq,
            "case_id": event.case_id,
            "kind": event.kind,
            "actor": event.actor,
            "payload": event.payload,
            # Always UTC: the database returns UTC, whatever offset the caller's clock had.
            "created_at": event.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )


def _digest(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode()).hexdigest()


def record(
    kind: str,
    *,
    actor: str,
    case_id: int | None = None,
    payload: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> CaseEvent:
    """Append one event to the case's chain (callers hold the case's row lock)."""
    chain = chain_for(case_id)
    heads = db.session.info.setdefault(_HEADS_KEY, {})
    if chain in heads:
        seq, prev_hash = heads[chain]
        seq += 1
    else:
        last = db.session.execute(
            sa.select(CaseEvent.seq, CaseEvent.hash)
            .where(CaseEvent.chain == chain)
            .order_by(CaseEvent.seq.desc())
            .limit(1)
        ).first()
        prev_hash, seq = (last.hash, last.seq + 1) if last else (GENESIS, 1)
    # Round-trip the payload through JSON now, so what we hash is what the database returns.
    clean = json.loads(json.dumps(payload or {}, default=str))
    event = CaseEvent(
        chain=chain,
        seq=seq,
        case_id=case_id,
        kind=kind,
        actor=actor,
        payload=clean,
        created_at=(now or clock.now()).astimezone(UTC),
        prev_hash=prev_hash,
    )
    event.hash = _digest(prev_hash, canonical(event))
    db.session.add(event)  # written with the step's one flush, in the order added
    heads[chain] = (seq, event.hash)
    return event


@dataclass(frozen=True)
class BrokenLink:
    """The first row whose stored hashes no longer match the chain."""

    event_id: int
    chain: str
    seq: int
    reason: str


def verify_chain(chain: str | None = None, batch: int = 2000) -> list[BrokenLink]:
    """Recompute every hash; return the first broken row of each broken chain."""
    query = sa.select(CaseEvent).order_by(CaseEvent.chain, CaseEvent.seq)
    if chain is not None:
        query = query.where(CaseEvent.chain == chain)
    broken: list[BrokenLink] = []
    current, prev_hash, expected_seq, skip = None, GENESIS, 1, False
    for event in db.session.execute(query.execution_options(yield_per=batch)).scalars():
        if event.chain != current:
            current, prev_hash, expected_seq, skip = event.chain, GENESIS, 1, False
        if skip:
            continue
        reason = None
        if event.seq != expected_seq:
            reason = f"sequence gap: expected {expected_seq}, found {event.seq}"
        elif event.prev_hash != prev_hash:
            reason = "prev_hash does not match the previous row"
        elif event.hash != _digest(prev_hash, canonical(event)):
            reason = "content was changed after it was written"
        if reason:
            broken.append(BrokenLink(event.id, event.chain, event.seq, reason))
            skip = True
            continue
        prev_hash, expected_seq = event.hash, expected_seq + 1
    return broken


def chain_head(chain: str) -> CaseEvent | None:
    """The newest row of a chain: its hash seals everything before it."""
    return db.session.execute(
        sa.select(CaseEvent).where(CaseEvent.chain == chain).order_by(CaseEvent.seq.desc()).limit(1)
    ).scalar_one_or_none()
