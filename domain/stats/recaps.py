"""The monthly recap per agency: its figures, its stored PDF, who reads it and who gets it.

The recap is the report an agency sends upward each month: its units' scorecards, the
weekly flow and where cases wait, all cases of the agency (confidential included: it goes
to the agency's own coordinators and to auditors, never to the public). Figures come from
the rollup like every other; a worker renders the PDF (`jobs/recaps.py`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from domain.db import db
from domain.enums import Role
from domain.org.models import Agency, Membership, Unit, User
from domain.org.permissions import AUDIT_ROLES
from domain.org.scope import scope_of
from domain.stats import figures, scorecards
from domain.stats.models import MonthlyRecap

READER_ROLES = (Role.COORDINATOR, Role.SUPERVISOR, *AUDIT_ROLES)


@dataclass(frozen=True)
class RecapFigures:
    agency: Agency
    month: str
    overall: scorecards.Scorecard
    units: list[scorecards.Scorecard]
    weeks: list[figures.Week]
    funnel: list[figures.Count]


def recap_figures(agency: Agency, month: str) -> RecapFigures:
    """The agency's figures for cases filed in `month` (ValueError: not YYYY-MM)."""
    start, end = scorecards.month_range(month)
    slice_ = figures.Slice(public=False, agency_id=agency.id, start=start, end=end,
                           min_group=1)
    return RecapFigures(agency, month, scorecards.overall(slice_),
                        scorecards.scorecards(slice_, by="unit"),
                        figures.weekly(slice_, start, end), figures.funnel(slice_))


def stored(agency_id: int, month: str) -> MonthlyRecap | None:
    return db.session.execute(sa.select(MonthlyRecap).where(
        MonthlyRecap.agency_id == agency_id, MonthlyRecap.month == month)).scalar_one_or_none()


def stored_agencies(month: str) -> set[int]:
    """The agencies whose recap for `month` is stored: one query for a whole month's run."""
    return set(db.session.execute(sa.select(MonthlyRecap.agency_id).where(
        MonthlyRecap.month == month)).scalars())


def path_of(recap: MonthlyRecap, data_dir: Path) -> Path:
    return data_dir / "recaps" / recap.storage_key[:2] / f"{recap.storage_key}.pdf"


def store(agency: Agency, month: str, pdf: bytes, *, data_dir: Path,
          now: datetime) -> MonthlyRecap:
    """Write the file, then its row (flush): a row never points at a missing file."""
    recap = MonthlyRecap(agency_id=agency.id, month=month, storage_key=secrets.token_hex(16),
                         sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), created_at=now)
    path = path_of(recap, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    db.session.add(recap)
    db.session.flush()
    return recap


def _agencies_of(user: User) -> set[int] | None:
    """Agencies whose recaps `user` reads (None: every agency)."""
    if not user.has_role(*READER_ROLES):
        return set()
    scope = scope_of(user)
    if scope.everything:
        return None
    units = scope.units_for(*READER_ROLES)
    return set(db.session.execute(sa.select(Unit.agency_id).where(
        Unit.id.in_(units), Unit.parent_id.is_(None))).scalars()) if units else set()


def readable(user: User, limit: int = 60) -> list[tuple[MonthlyRecap, Agency]]:
    """The recaps `user` reads, newest month first (an agency's coordinators, auditors)."""
    agencies = _agencies_of(user)
    query = sa.select(MonthlyRecap, Agency).join(Agency, Agency.id == MonthlyRecap.agency_id)
    if agencies is not None:
        query = query.where(MonthlyRecap.agency_id.in_(sorted(agencies)))
    rows = db.session.execute(
        query.order_by(MonthlyRecap.month.desc(), Agency.name).limit(limit)).all()
    return [(row[0], row[1]) for row in rows]


def readable_one(user: User, recap_id: int) -> MonthlyRecap | None:
    recap = db.session.get(MonthlyRecap, recap_id)
    if recap is None:
        return None
    agencies = _agencies_of(user)
    return recap if agencies is None or recap.agency_id in agencies else None


def coordinator_emails(agency_id: int) -> list[tuple[str, str]]:
    """Where the recap is sent, in whose language: (e-mail, locale) of the active
    coordinators of the agency's units."""
    return sorted({(row.email, row.locale) for row in db.session.execute(
        sa.select(User.email, User.locale).join(Membership, Membership.user_id == User.id)
        .join(Unit, Unit.id == Membership.unit_id)
        .where(Unit.agency_id == agency_id, Membership.role == Role.COORDINATOR,
               User.active.is_(True), User.email.is_not(None))
    )})


def agencies_with_cases(month: str) -> list[int]:
    """Agencies with any case filed in `month` (the ones a monthly run renders)."""
    from domain.stats.models import CaseRollup as R

    start, end = scorecards.month_range(month)
    return list(db.session.execute(
        sa.select(R.agency_id).where(R.day >= start, R.day <= end, R.agency_id.is_not(None),
                                     R.n > 0).distinct().order_by(R.agency_id)).scalars())
