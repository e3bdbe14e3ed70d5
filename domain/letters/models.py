"""A rendered PDF (nota dinas, follow-up letter, case file) and where its bytes live."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import BigId, UTCDateTime, db


class Letter(db.Model):
    """One stored PDF of a case. The bytes live in storage; the row proves what they were.

    `sha256` lets an auditor check a downloaded file against the database; `chain_head` is
    the audit-chain hash a case file was rendered against, so a stale case file is never
    served as the current one.
    """

    __tablename__ = "letter"
    __table_args__ = (sa.Index("ix_letter_case_kind", "case_id", "kind", "id"),
                      sa.Index("ix_letter_sha256", "sha256"),
                      sa.Index("ix_letter_chain_head", "chain_head"))
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"))
    kind: Mapped[str] = mapped_column(sa.String(32))  # disposition | follow_up | casefile
    number: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column()
    chain_head: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
