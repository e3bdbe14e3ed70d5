"""The append-only audit chain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import BigId, Json, UTCDateTime, db


class CaseEvent(db.Model):
    """One audited fact. Rows are chained per case (`chain`), each hashing its predecessor.

    A chain per case (plus one `system` chain) instead of one global chain: the case row is
    already locked by every state change, so appending needs no global lock, and the unique
    (chain, seq) pair makes a forked chain impossible even under races.
    """

    __tablename__ = "case_event"
    __table_args__ = (sa.UniqueConstraint("chain", "seq", name="uq_case_event_chain_seq"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chain: Mapped[str] = mapped_column(sa.String(40))
    seq: Mapped[int] = mapped_column()
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(48))
    actor: Mapped[str] = mapped_column(sa.String(80))  # "user:12", "reporter", "system:timer"
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class AuditLeaf(db.Model):
    """One event's place in the global Merkle log (positions 0, 1, 2, ... never change).

    Positions are handed out by the checkpoint writer in event id order, after the events
    committed: an event id taken by a transaction that commits later gets a later position,
    so a signed checkpoint never has to be rewritten.
    """

    __tablename__ = "audit_leaf"
    position: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("case_event.id"), unique=True)
    event_hash: Mapped[str] = mapped_column(sa.String(64))


class AuditCheckpoint(db.Model):
    """A signed statement: the first `tree_size` leaves of the log have root `root_hash`."""

    __tablename__ = "audit_checkpoint"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tree_size: Mapped[int] = mapped_column(sa.BigInteger)
    root_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    public_key: Mapped[str] = mapped_column(sa.String(64))
    signature: Mapped[str] = mapped_column(sa.String(128))
