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
