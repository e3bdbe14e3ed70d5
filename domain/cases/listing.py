"""Case lists, filtered and keyset-paged: the one helper behind the officer list
(`queries.list_cases`) and the public list (`public.public_cases`).

Lists never COUNT or OFFSET over whole tables: newest first, a page continues below the
last case id it showed, and every filter is served by an index (see the models'
`__table_args__`). The callers decide what a reader may see; this module only narrows and
pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db

MAX_PAGE = 100
SEARCH_MAX = 100
MAX_ID = 2**63 - 1  # the largest id a BIGINT (PostgreSQL) or INTEGER (SQLite) column holds


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None


def page_size(limit: int) -> int:
    """`limit` held between 1 and MAX_PAGE."""
    return max(1, min(limit, MAX_PAGE))


def id_cursor(cursor: str) -> int:
    """The id a keyset page continues from; ValueError for anything no page handed out
    (not a plain decimal, or past what an id column holds: the database would refuse it)."""
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > len(str(MAX_ID)):
        raise ValueError("unknown cursor")
    value = int(cursor)
    if value > MAX_ID:
        raise ValueError("unknown cursor")
    return value


def contains(column: sa.ColumnElement[str], text: str) -> sa.ColumnElement[bool]:
    """Case-insensitive substring match, with LIKE's wildcards escaped; text cut to SEARCH_MAX."""
    text = text.strip()[:SEARCH_MAX]
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def in_region(code: str) -> sa.ColumnElement[bool]:
    """The region and every area below it (codes are dotted: 12, 12.71, 12.71.01 ...)."""
    return sa.or_(Case.region_code == code,
                  Case.region_code.startswith(f"{code}.", autoescape=True))


def case_page(
    visible: sa.ColumnElement[bool],
    *,
    status: str | None = None,
    category: str | None = None,
    region: str | None = None,
    unit_id: int | None = None,
    text: sa.ColumnElement[bool] | None = None,
    cursor: str | None = None,
    limit: int = 25,
) -> Page:
    """Cases matching `visible` and every given filter, newest first, after the `cursor` id.

    `text` is the caller's own search clause (the public list searches titles only; officers
    also find a tracking id). Raises ValueError for a cursor this function did not hand out.
    """
    limit = page_size(limit)
    query = sa.select(Case).where(visible)
    if status:
        query = query.where(Case.status == status)
    if category:
        query = query.where(Case.category == category)
    if region:
        query = query.where(in_region(region))
    if unit_id is not None:
        query = query.where(Case.unit_id == unit_id)
    if text is not None:
        query = query.where(text)
    if cursor:
        query = query.where(Case.id < id_cursor(cursor))
    rows = list(db.session.execute(query.order_by(Case.id.desc()).limit(limit + 1)).scalars())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = str(rows[-1].id)
    return Page(rows, next_cursor)
