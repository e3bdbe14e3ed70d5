"""Side effects recorded in the transaction and carried out after commit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import BigId, Json, UTCDateTime, db, enum_type
from domain.enums import OutboxStatus


class OutboxMessage(db.Model):
    """A job to run once: a notification, a letter to render. `dedupe_key` makes it once."""

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_pending", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(48))
    dedupe_key: Mapped[str] = mapped_column(sa.String(160), unique=True)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case.id"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_type(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DigestEntry(db.Model):
    """One event's notice for an officer who reads a daily digest instead of single mails.

    `facts` are the event's own (domain/outbox/facts.py); `digest_day` is the WIB day of the
    digest that listed it (None: waiting). One entry per officer and event.
    """

    __tablename__ = "digest_entry"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "event_id", name="uq_digest_entry_user_event"),
        sa.Index("ix_digest_entry_waiting", "digest_day", "user_id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("outbox.id"))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case.id"), index=True)
    template: Mapped[str] = mapped_column(sa.String(32))
    facts: Mapped[dict[str, Any]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    digest_day: Mapped[date | None] = mapped_column(sa.Date)
