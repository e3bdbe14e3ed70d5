"""An idempotent request's stored answer, and an agency's outbound webhook."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import BigId, UTCDateTime, db


class IdempotentRequest(db.Model):
    """A request sent with an `Idempotency-Key`: the hash of its body and its answer.

    The answer holds the one-time reporter key, so it is stored encrypted with a key derived
    from the client's Idempotency-Key and the app's secret: the database alone cannot read
    it, a retry with the same key can.
    """

    __tablename__ = "idempotent_request"
    __table_args__ = (sa.UniqueConstraint("scope", "key", name="uq_idempotent_request_key"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    scope: Mapped[str] = mapped_column(sa.String(32))
    key: Mapped[str] = mapped_column(sa.String(255))
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case.id"))
    status_code: Mapped[int | None] = mapped_column()
    answer: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # expiry sweep


class Webhook(db.Model):
    """Where a connected agency system hears of its cases' status changes.

    The signing secret is never stored: it is derived from the app's secret and `salt`
    (`domain.integrations.webhooks.secret_of`), shown to the admin once.
    """

    __tablename__ = "webhook"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    url: Mapped[str] = mapped_column(sa.String(500))
    salt: Mapped[str] = mapped_column(sa.String(64))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
