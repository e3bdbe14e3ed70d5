"""Rows of the exports (case lists and scorecards), in the reader's scope, without personal data.

What an export carries is chosen column by column (`CASE_COLUMNS`): codes, dates, counters,
the agency's and unit's names. No free text a citizen wrote (title, description, answers,
notes: any of them may hold a name, a phone number or a NIK, masked or not) and nothing of
the reporter. Case rows stream from the database in batches (`yield_per`), so a large
export never sits in memory; the caller writes each row as it comes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from domain.cases.listing import in_region
from domain.cases.models import Case
from domain.cases.queries import case_visibility
from domain.db import db
from domain.org.models import Agency, Unit, User
from domain.sla.calendar import WIB
from domain.stats.figures import Slice
from domain.stats.scorecards import scorecards

BATCH = 2000
MAX_ROWS = 1_000_000  # one file; narrow the range for more
CASE_COLUMNS = ("tracking_id", "submitted_on", "kind", "channel", "category", "region_code",
                "agency", "unit", "status", "closed_on", "late", "escalation_level", "reopens",
                "first_follow_up_working_days", "rating")
SCORECARD_COLUMNS = ("rank", "name", "received", "followed_up", "on_time", "on_time_share",
                     "median_working_days", "escalated", "reopened", "rating_n", "mean_rating")


@dataclass(frozen=True)
class CaseExportFilters:
    """The case list's filters plus a filing date range (WIB days, inclusive)."""

    start: date | None = None
    end: date | None = None
    status: str | None = None
    category: str | None = None
    region: str | None = None
    unit_id: int | None = None


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0), WIB).astimezone(UTC)


def _local_day(value: datetime | None) -> str:
    return value.astimezone(WIB).date().isoformat() if value is not None else ""


def case_query(user: User, filters: CaseExportFilters, columns: list[Any],
               limit: int | None = None) -> sa.Select:
    """The cases `user` may read that match, newest first, selecting `columns` (the row
    path's plain columns, or the COPY path's formatted ones: `export_copy`)."""
    query = (
        sa.select(*columns)
        .outerjoin(Agency, Agency.id == Case.agency_id).outerjoin(Unit, Unit.id == Case.unit_id)
        .where(case_visibility(user))
    )
    if filters.start is not None:
        query = query.where(Case.submitted_at >= _moment(filters.start))
    if filters.end is not None:
        query = query.where(Case.submitted_at < _moment(filters.end + timedelta(days=1)))
    for column, value in ((Case.status, filters.status), (Case.category, filters.category),
                          (Case.unit_id, filters.unit_id)):
        if value is not None:
            query = query.where(column == value)
    if filters.region:
        query = query.where(in_region(filters.region))
    return query.order_by(Case.id.desc()).limit(min(limit or MAX_ROWS, MAX_ROWS))


def case_rows(user: User, filters: CaseExportFilters,
              limit: int | None = None) -> Iterator[tuple[Any, ...]]:
    """The cases `user` may read that match, newest first, as `CASE_COLUMNS` tuples."""
    columns = [Case.tracking_id, Case.submitted_at, Case.kind, Case.channel, Case.category,
               Case.region_code, Agency.name, Unit.name, Case.status, Case.closed_at,
               Case.late, Case.escalation_level, Case.reopens, Case.first_follow_up_days,
               Case.rating]
    query = case_query(user, filters, columns, limit).execution_options(yield_per=BATCH)
    for row in db.session.execute(query):
        yield (row[0], _local_day(row[1]), str(row[2]), str(row[3]), row[4], row[5],
               row[6] or "", row[7] or "", str(row[8]), _local_day(row[9]), int(row[10]),
               row[11], row[12], "" if row[13] is None else row[13],
               "" if row[14] is None else row[14])


def _round(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)


def scorecard_rows(slice_: Slice, by: str = "agency") -> Iterator[tuple[Any, ...]]:
    """The ranking as `SCORECARD_COLUMNS` tuples (the folded group named "*")."""
    for rank, card in enumerate(scorecards(slice_, by=by), start=1):
        yield (rank, "*" if card.folded else card.label, card.received, card.followed_up,
               card.on_time, _round(card.on_time_share), _round(card.median_days),
               card.escalated, card.reopened, card.rating_n, _round(card.mean_rating))
