"""What anybody may read without logging in: the list of non-confidential cases, and what a
tracking id (with or without the reporter key) opens.

Confidential cases never appear; reporters never appear at all (the list carries no
identity columns, so an anonymous reporter cannot leak through it), and titles pass the
identity shield (`domain/privacy/shield.py`): a NIK or a phone number typed into a title is
masked, and a search never finds a case by what the shield masked. Pages continue from the
last id (keyset), never OFFSET, and no page counts the table.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from domain.cases.history import Audience
from domain.cases.listing import Page, case_page, contains
from domain.cases.models import Case
from domain.cases.shielded import titles
from domain.cases.tracking import reporter_key_matches
from domain.db import db
from domain.enums import CaseStatus
from domain.org.models import Region


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


def public_cases(filters: PublicFilters, *, cursor: str | None = None, limit: int = 20) -> Page:
    """Non-confidential cases, newest first, continuing after `cursor` (a case id).

    The title search is a case-insensitive substring match: fine for a city, and the place
    to switch to PostgreSQL full-text search (a GIN index) at national scale.
    Raises ValueError for a cursor this function did not hand out.
    """
    status = filters.status if filters.status in {s.value for s in CaseStatus} else None
    search = filters.search.strip() if filters.search else ""
    page = case_page(Case.confidential.is_(False), status=status, category=filters.category,
                     region=filters.region, text=contains(Case.title, search) if search else None,
                     cursor=cursor, limit=limit)
    shown = titles(page.items, None)
    items = [PublicCase(c.tracking_id, c.kind.value, shown[c.id], c.category, c.region_code,
                        c.status.value, c.submitted_at, c.agency.name if c.agency else None)
             for c in page.items]
    # A search must not confirm what the shield hides (a NIK found by searching for it):
    # a row whose masked title no longer holds the search is left out of the page.
    items = [i for i in items if search.casefold() in i.title.casefold()]
    return Page(items, page.next_cursor)


def tracking_audience(case: Case, reporter_key: str | None) -> Audience | None:
    """What a tracking request for `case` may read; None means nothing at all.

    The one rule behind the tracking page (`/track/<id>`) and the API
    (`GET /api/v1/cases/<id>`):

    - with the case's reporter key, the reporter reads his own case fully (its facts, the
      officers' questions and reasons, his letters), confidential or not;
    - without the key, a public case shows its public view: status, agency and unit,
      deadlines, the public timeline;
    - without the key, a confidential case shows nothing, not even its status or that it
      exists: the page and the API answer exactly as for a tracking id that names no case
      (404). DOMAIN: "confidential: the report itself is not public".

    Officers never need this: they read cases in their scope on the desk or with a token.
    """
    if reporter_key_matches(reporter_key, case.reporter_key_hash):
        return Audience.REPORTER
    return None if case.confidential else Audience.PUBLIC


def region_choices(max_level: int = 2) -> list[tuple[str, str]]:
    """Provinces and regencies/cities (514 + 38 rows), for the report form and the filters."""
    return [tuple(row) for row in db.session.execute(
        sa.select(Region.code, Region.name).where(Region.level <= max_level).order_by(Region.code)
    )]
