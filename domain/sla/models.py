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
