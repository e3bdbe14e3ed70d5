"""An Open311 client's API key, and which key filed which case."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from domain.db import UTCDateTime, db


class ApiKey(db.Model):
    """One civic client (FixMyStreet, a city's app): its name and the SHA-256 of its key.

    The key itself is shown once when issued; a revoked key stays as a row so the cases it
    filed still name their client.
    """

    __tablename__ = "open311_key"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class FiledRequest(db.Model):
    """A case filed through Open311, with the key of the client that filed it."""

    __tablename__ = "open311_request"
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), primary_key=True)
    key_id: Mapped[int] = mapped_column(sa.ForeignKey("open311_key.id"), index=True)

    key: Mapped[ApiKey] = relationship(lazy="joined")
