"""Calendar data an admin edits: collective leave days and extra closures."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import db


class NonWorkingDay(db.Model):
    """A cuti bersama (or other declared closure) on top of the national holidays."""

    __tablename__ = "non_working_day"
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(32), default="cuti_bersama")


class CalendarVersion(db.Model):
    """A token that changes whenever a declared day does (one row).

    Every process keeps the calendar it loaded under a token and only reloads when the
    token in the database differs, so a step reads one short column instead of every
    declared day. A fresh random token per change, not a counter: a change rolled back
    never leaves its number to be reused by the next one, which would make a process
    trust a calendar that never committed.
    """

    __tablename__ = "calendar_version"
    id: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, default=1)
    token: Mapped[str] = mapped_column(sa.String(32))
