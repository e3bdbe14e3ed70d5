"""The statistics rollup: cases counted per day, place, organisation and state."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import BigId, UTCDateTime, db


class CaseRollup(db.Model):
    """How many cases filed on `day` share these dimensions now, and what they add up to.

    One row per distinct combination (the `key`, see `domain.stats.rollup.Contribution`),
    so a figure over any range is a SUM over these rows, never a scan of `case`. Dimensions
    beyond the issue's day x agency x unit x category x region x status: kind, channel and
    the confidential flag (the filters and the public/officer split), the day the case
    closed (received vs closed per week) and the working days to its first follow-up (a
    median is a walk over this histogram; exact, because working days are whole numbers).
    Rows may reach n = 0 when their last case moves on; `flask stats rebuild` drops them.
    """

    __tablename__ = "case_rollup"
    __table_args__ = (
        sa.Index("ix_case_rollup_day", "day"),
        sa.Index("ix_case_rollup_agency_day", "agency_id", "day"),
        sa.Index("ix_case_rollup_unit_day", "unit_id", "day"),
        sa.Index("ix_case_rollup_closed_day", "closed_day"),
    )
    key: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date)  # filed, in WIB
    agency_id: Mapped[int | None] = mapped_column()
    unit_id: Mapped[int | None] = mapped_column()
    category: Mapped[str] = mapped_column(sa.String(64))
    region_code: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[str] = mapped_column(sa.String(32))
    channel: Mapped[str] = mapped_column(sa.String(32))
    confidential: Mapped[bool] = mapped_column()
    status: Mapped[str] = mapped_column(sa.String(32))
    closed_day: Mapped[date | None] = mapped_column(sa.Date)  # in WIB
    ff_days: Mapped[int | None] = mapped_column(sa.SmallInteger)  # working days, first follow-up
    n: Mapped[int] = mapped_column(default=0)
    late: Mapped[int] = mapped_column(default=0)  # cases that missed any deadline
    escalated: Mapped[int] = mapped_column(default=0)
    reopened: Mapped[int] = mapped_column(default=0)
    rating_n: Mapped[int] = mapped_column(default=0)
    rating_sum: Mapped[int] = mapped_column(default=0)
    ff_on_time: Mapped[int] = mapped_column(default=0)  # first follow-up with no deadline missed


class MonthlyRecap(db.Model):
    """The monthly recap PDF of one agency (what LAPOR! agencies send upward), rendered once.

    The file lives under ADUAN_DATA_DIR/recaps (a random name); (agency, month) is unique,
    so a render job that runs twice stores one recap.
    """

    __tablename__ = "monthly_recap"
    __table_args__ = (sa.UniqueConstraint("agency_id", "month", name="uq_monthly_recap_month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(BigId, sa.ForeignKey("agency.id"))
    month: Mapped[str] = mapped_column(sa.String(7))  # YYYY-MM
    storage_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
