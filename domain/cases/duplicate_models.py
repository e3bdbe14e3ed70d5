"""What duplicates leave behind: the candidates found when a case was filed, the snapshot
that lets a merge be undone the same day, and the fingerprints of the exact-repeat rule."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import BigId, Json, UTCDateTime, db


class DuplicateCandidate(db.Model):
    """An open case that looked like the same problem when `case_id` was filed.

    Stored at filing (any channel) so the inbox can flag the case and its page list them
    without scoring again; the case page also scores afresh (a later case may match it).
    """

    __tablename__ = "duplicate_candidate"
    __table_args__ = (sa.UniqueConstraint("case_id", "candidate_id",
                                          name="uq_duplicate_candidate_pair"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    score: Mapped[float] = mapped_column(sa.Float)
    distance_m: Mapped[float | None] = mapped_column(sa.Float)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CaseMerge(db.Model):
    """A merge, with what the duplicate looked like just before it (for the same-day undo).

    `snapshot` holds the instance state and facts, the case's status and deadline columns,
    the verify task that the merge completed and the timers it cancelled.
    """

    __tablename__ = "case_merge"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    duplicate_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    primary_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    merged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    snapshot: Mapped[dict[str, Any]] = mapped_column(Json)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))


class IntakeFingerprint(db.Model):
    """sha256 of one normalised contact and the normalised text of a case, for the
    exact-repeat rule (same contact, same text, ten minutes: the same case). One row per
    contact the case came with; rows older than the window are never read again."""

    __tablename__ = "intake_fingerprint"
    __table_args__ = (sa.Index("ix_intake_fingerprint_lookup", "fingerprint", "created_at"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
