"""The global append-only Merkle log over every audit event, with signed checkpoints.

The per-case chains show a changed or reordered event and, with the case heads, a missing
tail; the log shows what neither can: a deleted system event, or a history rewritten as a
whole (chains and heads recomputed). Each checkpoint signs (tree size, root, time) with the
Ed25519 key kept outside the database; a copy exported as JSON (`flask audit checkpoints
--json`) and kept by an outside party contradicts any rewritten history.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from domain.audit import merkle, signing
from domain.audit.models import AuditCheckpoint, AuditLeaf, CaseEvent
from domain.db import db

FORMAT = "aduan-audit-checkpoint/v1"


def checkpoint_message(tree_size: int, root_hash: str, created_at: datetime) -> bytes:
    """The exact bytes signed: what an outside party verifies with the public key."""
    moment = created_at.astimezone(UTC).isoformat(timespec="microseconds")
    return f"{FORMAT}\n{tree_size}\n{root_hash}\n{moment}\n".encode()


def append_pending() -> int:
    """Give every event not yet in the log the next positions, in event id order."""
    last = db.session.execute(
        sa.select(AuditLeaf.position, AuditLeaf.event_id).order_by(AuditLeaf.position.desc())
        .limit(1)
    ).first()
    position = last.position + 1 if last else 0
    logged = sa.select(AuditLeaf.event_id).scalar_subquery()
    pending = db.session.execute(
        sa.select(CaseEvent.id, CaseEvent.hash)
        .where(CaseEvent.id.not_in(logged) if last else sa.true())
        .order_by(CaseEvent.id)
    ).all()
    for event_id, event_hash in pending:
        db.session.add(AuditLeaf(position=position, event_id=event_id, event_hash=event_hash))
        position += 1
    db.session.flush()
    return len(pending)


def _leaves(size: int | None = None) -> Iterator[bytes]:
    query = sa.select(AuditLeaf.event_hash).order_by(AuditLeaf.position)
    if size is not None:
        query = query.limit(size)
    for (event_hash,) in db.session.execute(query.execution_options(yield_per=5000)):
        yield merkle.leaf_hash(event_hash)


def tree_size() -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(AuditLeaf)).scalar_one()


def write_checkpoint(key: Ed25519PrivateKey, now: datetime) -> AuditCheckpoint:
    """Log the pending events and sign the tree as it stands (the caller commits)."""
    append_pending()
    size = tree_size()
    root_hash = merkle.root(_leaves()).hex()
    created = now.astimezone(UTC)
    row = AuditCheckpoint(
        tree_size=size, root_hash=root_hash, created_at=created,
        public_key=signing.public_key_text(key.public_key()),
        signature=signing.sign(key, checkpoint_message(size, root_hash, created)),
    )
    db.session.add(row)
    db.session.flush()
    return row


def latest_checkpoint() -> AuditCheckpoint | None:
    return db.session.execute(
        sa.select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1)
    ).scalar_one_or_none()


def exported(row: AuditCheckpoint) -> dict[str, Any]:
    """A checkpoint as JSON for outside parties: all it takes to check it later."""
    return {
        "format": FORMAT, "tree_size": row.tree_size, "root_hash": row.root_hash,
        "created_at": row.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "public_key": row.public_key, "signature": row.signature,
    }


def all_exported() -> list[dict[str, Any]]:
    rows = db.session.execute(sa.select(AuditCheckpoint).order_by(AuditCheckpoint.id)).scalars()
    return [exported(row) for row in rows]


@dataclass(frozen=True)
class LogProblem:
    """What is wrong with the log or a checkpoint, in one line."""

    what: str
    reason: str

    def __str__(self) -> str:
        return f"BROKEN {self.what}: {self.reason}"


def verify_leaves() -> list[LogProblem]:
    """Every leaf's event is still there with the hash the log recorded."""
    rows = db.session.execute(
        sa.select(AuditLeaf.position, AuditLeaf.event_id, AuditLeaf.event_hash, CaseEvent.hash)
        .outerjoin(CaseEvent, CaseEvent.id == AuditLeaf.event_id)
        .order_by(AuditLeaf.position)
        .execution_options(yield_per=5000)
    )
    problems = []
    for position, event_id, logged, current in rows:
        if current is None:
            problems.append(LogProblem(f"log position {position}",
                                       f"event {event_id} is missing"))
        elif current != logged:
            problems.append(LogProblem(f"log position {position}",
                                       f"event {event_id} no longer has its logged hash"))
    return problems


def verify_checkpoint(data: dict[str, Any], public: Ed25519PublicKey | None,
                      what: str) -> list[LogProblem]:
    """The signature holds and the log's first `tree_size` leaves still have its root."""
    try:
        size, root_hash = int(data["tree_size"]), str(data["root_hash"])
        created = datetime.fromisoformat(str(data["created_at"]))
        signature = str(data["signature"])
    except (KeyError, TypeError, ValueError):
        return [LogProblem(what, "not a checkpoint (tree_size, root_hash, created_at, signature)")]
    problems = []
    key = public or signing.public_key_from_text(str(data.get("public_key", "")))
    if public is not None and data.get("public_key") not in (None, signing.public_key_text(public)):
        problems.append(LogProblem(what, "signed by another key than the configured one"))
    elif not signing.signature_valid(key, signature, checkpoint_message(size, root_hash, created)):
        problems.append(LogProblem(what, "signature does not match its content"))
    if size > tree_size():
        problems.append(LogProblem(what, f"covers {size} events, the log holds fewer"))
    elif merkle.root(_leaves(size)).hex() != root_hash:
        problems.append(LogProblem(what, f"the log's first {size} events no longer have "
                                         "this root: history was rewritten"))
    return problems


def verify_log(public: Ed25519PublicKey | None) -> list[LogProblem]:
    """The leaves against their events, and every stored checkpoint against the leaves."""
    problems = verify_leaves()
    for data in all_exported():
        what = f"checkpoint of {data['tree_size']} events ({data['created_at']})"
        problems.extend(verify_checkpoint(data, public, what))
    return problems


def consistency(old_size: int) -> dict[str, Any]:
    """An RFC 9162 consistency proof from a tree of `old_size` to the latest checkpoint.

    An outside party holding an old checkpoint and a new one checks with any RFC 9162
    verifier that the new tree only appended to the old, without a copy of the leaves.
    """
    latest = latest_checkpoint()
    if latest is None or not 0 < old_size <= latest.tree_size:
        raise ValueError("no checkpoint covers that size")
    leaves = list(_leaves(latest.tree_size))
    return {
        "format": f"{FORMAT}/consistency", "old_size": old_size,
        "old_root": merkle.root(leaves[:old_size]).hex(),
        "new_size": latest.tree_size, "new_root": latest.root_hash,
        "proof": [h.hex() for h in merkle.consistency_proof(leaves, old_size)],
    }


def load_exported(text: str) -> list[dict[str, Any]]:
    """One exported checkpoint, or the list `audit checkpoints --json` writes."""
    data = json.loads(text)
    return [item for item in (data if isinstance(data, list) else [data])
            if isinstance(item, dict)]


def leaf_of(event_id: int) -> AuditLeaf | None:
    """The event's place in the log, once a checkpoint writer has given it one."""
    return db.session.execute(
        sa.select(AuditLeaf).where(AuditLeaf.event_id == event_id)).scalar_one_or_none()


def checkpoint_covering(position: int) -> AuditCheckpoint | None:
    """The first signed checkpoint whose tree holds the leaf at `position`."""
    return db.session.execute(
        sa.select(AuditCheckpoint).where(AuditCheckpoint.tree_size > position)
        .order_by(AuditCheckpoint.id).limit(1)
    ).scalar_one_or_none()


def inclusion(position: int, checkpoint: AuditCheckpoint) -> dict[str, Any]:
    """An RFC 9162 inclusion proof of one leaf in a checkpoint's tree, checked before it is
    handed out (`valid` is False when the stored leaves no longer give the signed root)."""
    leaves = list(_leaves(checkpoint.tree_size))
    proof = merkle.inclusion_proof(leaves, position)
    valid = merkle.verify_inclusion(position, checkpoint.tree_size, leaves[position],
                                    bytes.fromhex(checkpoint.root_hash), proof)
    return {"format": f"{FORMAT}/inclusion", "leaf_index": position,
            "tree_size": checkpoint.tree_size, "root_hash": checkpoint.root_hash,
            "leaf_hash": leaves[position].hex(), "proof": [h.hex() for h in proof],
            "valid": valid}
