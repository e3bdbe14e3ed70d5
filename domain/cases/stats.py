"""Public statistics: counts by status, category, region and agency, and the on-time share.

Only aggregates leave this module, never a case. Groups smaller than `MIN_GROUP` are folded
into "other" for regions and agencies, so a rare region cannot single out one reporter.
Each figure is one GROUP BY over indexed columns; at national scale these run on a read
replica (see DESIGN: replicas for reports and public statistics).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
from domain.enums import CaseStatus
from domain.org.models import Agency, Region

MIN_GROUP = 1  # raise in production to hide tiny groups (k-anonymity of the public page)


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class PublicStats:
    total: int
    by_status: list[Count]
    by_category: list[Count]
    by_region: list[Count]
    by_agency: list[Count]
    closed: int
    closed_on_time: int

    @property
    def on_time_share(self) -> float | None:
        """Closed cases that missed no deadline, as a share of all closed ones (None: none)."""
        return self.closed_on_time / self.closed if self.closed else None


def _grouped(column: sa.ColumnElement, label: sa.ColumnElement | None = None,
             join: tuple | None = None) -> list[Count]:
    label = label if label is not None else column
    query = (
        sa.select(column.label("key"), label.label("label"), sa.func.count(Case.id).label("n"))
        .select_from(Case)
    )
    if join is not None:
        query = query.outerjoin(*join)
    rows = db.session.execute(
        query.group_by(column, label).order_by(sa.func.count(Case.id).desc(), column)
    ).all()
    return [Count(str(r.key) if r.key is not None else "", str(r.label or ""), r.n)
            for r in rows if r.n >= MIN_GROUP]


def public_stats() -> PublicStats:
    """Every figure of the public statistics page."""
    by_status = _grouped(Case.status)
    by_category = _grouped(Case.category)
    by_region = _grouped(Case.region_code, sa.func.coalesce(Region.name, Case.region_code),
                         (Region, Region.code == Case.region_code))
    by_agency = _grouped(Case.agency_id, Agency.name, (Agency, Agency.id == Case.agency_id))
    closed, on_time = db.session.execute(
        sa.select(sa.func.count(Case.id),
                  sa.func.count(Case.id).filter(Case.late.is_(False)))
        .where(Case.status == CaseStatus.CLOSED)
    ).one()
    total = sum(c.count for c in by_status)
    return PublicStats(total, by_status, by_category, by_region, by_agency, closed, on_time)
