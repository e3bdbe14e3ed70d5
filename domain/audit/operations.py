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
# The case row's copy of its chain head, for a case this session has not loaded.
_CASE_HEAD = sa.table("case", sa.column("id"), sa.column("audit_seq"), sa.column("audit_hash"))


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
    case = _loaded_case(case_id)
    if chain in heads:
        seq, prev_hash = heads[chain]
        seq += 1
    elif case is not None:  # the step's case row, re-read by its lock: its head, no query
        seq, prev_hash = (case.audit_seq or 0) + 1, case.audit_hash or GENESIS
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
    if case is not None:  # written with the step's own UPDATE of the case
        case.audit_seq, case.audit_hash = seq, event.hash
    elif case_id is not None:
        db.session.execute(
            sa.update(_CASE_HEAD).where(_CASE_HEAD.c.id == case_id)
            .values(audit_seq=seq, audit_hash=event.hash)
        )
    return event


def _loaded_case(case_id: int | None) -> Any:
    """The case row this session already holds (every step loads it), or None."""
    if case_id is None:
        return None
    from domain.cases.models import Case  # the cases package imports this module

    return db.session.identity_map.get(db.session.identity_key(Case, case_id))


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


def verify_heads(case_id: int | None = None) -> list[BrokenLink]:
    """Compare every case's stored head with its chain's last event.

    A chain alone cannot show that its last events, or all of them, were deleted: what is
    left still hashes. The case row says how long its chain was.
    """
    last = (
        sa.select(CaseEvent.case_id, sa.func.max(CaseEvent.seq).label("seq"))
        .where(CaseEvent.case_id.is_not(None))
        .where(CaseEvent.case_id == case_id if case_id is not None else sa.true())
        .group_by(CaseEvent.case_id)
        .subquery()
    )
    tail = sa.orm.aliased(CaseEvent)
    rows = db.session.execute(
        sa.select(_CASE_HEAD.c.id, _CASE_HEAD.c.audit_seq, _CASE_HEAD.c.audit_hash,
                  tail.id.label("event_id"), tail.seq, tail.hash)
        .select_from(_CASE_HEAD)
        .outerjoin(last, last.c.case_id == _CASE_HEAD.c.id)
        .outerjoin(tail, sa.and_(tail.case_id == last.c.case_id, tail.seq == last.c.seq))
        .where(sa.or_(_CASE_HEAD.c.audit_seq.is_not(None), tail.id.is_not(None)))
        .where(_CASE_HEAD.c.id == case_id if case_id is not None else sa.true())
        .order_by(_CASE_HEAD.c.id)
    ).all()
    broken = []
    for row in rows:
        reason = _head_mismatch(row.audit_seq, row.audit_hash, row.seq, row.hash)
        if reason:
            broken.append(BrokenLink(row.event_id or 0, chain_for(row.id), row.audit_seq or 0,
                                     reason))
    return broken


def _head_mismatch(head_seq: int | None, head_hash: str | None, seq: int | None,
                   hash_: str | None) -> str | None:
    if seq is None:
        return f"missing chain: the case's head is seq {head_seq} but the chain has no events"
    if head_seq is None:
        return f"the case has no head but its chain ends at seq {seq}"
    if seq < head_seq:
        return f"missing tail: the case's head is seq {head_seq}, the chain ends at seq {seq}"
    if seq > head_seq or hash_ != head_hash:
        return f"the case's head (seq {head_seq}) does not match the chain's last event"
    return None
