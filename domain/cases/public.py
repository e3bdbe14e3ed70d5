"""What anybody may read without logging in: the list of non-confidential cases.

Confidential cases never appear; reporters never appear at all (the list carries no
identity columns, so an anonymous reporter cannot leak through it). Pages continue from the
last id (keyset), never OFFSET, and no page counts the table.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from domain.cases.models import Case
from domain.cases.queries import MAX_PAGE, Page
from domain.db import db
from domain.enums import CaseStatus
from domain.org.models import Region

SEARCH_MAX = 100


@dataclass(frozen=True)
class PublicFilters:
    """Filters of the public list; `region` matches the code and every area below it."""

    search: str | None = None
    status: str | None = None
    category: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class PublicCase:
    """One row of the public list: only columns that are safe to publish."""

    tracking_id: str
    kind: str
    title: str
    category: str
    region_code: str
    status: str
    submitted_at: object
    agency: str | None


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def public_cases(filters: PublicFilters, *, cursor: str | None = None, limit: int = 20) -> Page:
    """Non-confidential cases, newest first, continuing after `cursor` (a case id).

    The title search is a case-insensitive substring match: fine for a city, and the place
    to switch to PostgreSQL full-text search (a GIN index) at national scale.
    Raises ValueError for a cursor this function did not hand out.
    """
    limit = max(1, min(limit, MAX_PAGE))
    query = sa.select(Case).where(Case.confidential.is_(False))
    if filters.status and filters.status in {s.value for s in CaseStatus}:
        query = query.where(Case.status == filters.status)
    if filters.category:
        query = query.where(Case.category == filters.category)
    if filters.region:
        query = query.where(sa.or_(
            Case.region_code == filters.region,
            Case.region_code.startswith(f"{filters.region}.", autoescape=True),
        ))
    if filters.search and filters.search.strip():
        query = query.where(
            Case.title.ilike(_like_pattern(filters.search.strip()[:SEARCH_MAX]), escape="\\"))
    if cursor:
        query = query.where(Case.id < int(cursor))
    rows = list(db.session.execute(query.order_by(Case.id.desc()).limit(limit + 1)).scalars())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = str(rows[-1].id)
    items = [PublicCase(c.tracking_id, c.kind.value, c.title, c.category, c.region_code,
                        c.status.value, c.submitted_at, c.agency.name if c.agency else None)
             for c in rows]
    return Page(items, next_cursor)


def region_choices(max_level: int = 2) -> list[tuple[str, str]]:
    """Provinces and regencies/cities (514 + 38 rows), for the report form and the filters."""
    return [tuple(row) for row in db.session.execute(
        sa.select(Region.code, Region.name).where(Region.level <= max_level).order_by(Region.code)
    )]
