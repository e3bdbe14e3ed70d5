"""The admin's lists of agencies, units and users: scoped, filtered, keyset-paged.

A national deployment has 650+ agencies, ~10,000 units and more users, so lists never
COUNT or OFFSET: they are ordered by the unique code (or username), a page continues after
the last one it showed, and the filters (an agency, a search text) narrow indexed columns.
What a coordinator does not manage is simply not in his lists (`domain.org.access`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.cases.listing import Page, contains, page_size
from domain.db import db
from domain.org.access import managed_users_clause, org_scope
from domain.org.checks import CODE, USERNAME
from domain.org.models import Agency, Membership, Unit, User


def _cursor(cursor: str | None, pattern: Any) -> str | None:
    """A page's cursor is the last code it showed; anything else was never handed out."""
    if cursor is None or cursor == "":
        return None
    if not pattern.match(cursor):
        raise ValueError("unknown cursor")
    return cursor


def _page(query: sa.Select[Any], key: Any, cursor: str | None, limit: int,
          last_key: Any) -> Page:
    size = page_size(limit)
    if cursor is not None:
        query = query.where(key > cursor)
    rows = list(db.session.execute(query.order_by(key).limit(size + 1)).scalars())
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, last_key(rows[-1]) if more and rows else None)


def agency_page(actor: User, *, cursor: str | None = None, limit: int = 50,
                search: str = "", active: bool | None = None) -> Page:
    """Agencies the actor manages, by code."""
    scope = org_scope(actor)
    query = sa.select(Agency)
    if not scope.everything:
        query = query.where(Agency.id.in_(scope.agency_ids))
    if search.strip():
        query = query.where(sa.or_(contains(Agency.name, search), contains(Agency.code, search)))
    if active is not None:
        query = query.where(Agency.active.is_(active))
    return _page(query, Agency.code, _cursor(cursor, CODE), limit, lambda a: a.code)


def unit_page(actor: User, *, agency: Agency | None = None, cursor: str | None = None,
              limit: int = 50, search: str = "", active: bool | None = None) -> Page:
    """Units the actor manages (of one agency, if given), by code."""
    scope = org_scope(actor)
    query = sa.select(Unit)
    if not scope.everything:
        query = query.where(Unit.agency_id.in_(scope.agency_ids))
    if agency is not None:
        query = query.where(Unit.agency_id == agency.id)
    if search.strip():
        query = query.where(sa.or_(contains(Unit.name, search), contains(Unit.code, search)))
    if active is not None:
        query = query.where(Unit.active.is_(active))
    # Each row shows its parent's code: the page's parents come in one more statement.
    query = query.options(sa.orm.selectinload(Unit.parent))
    return _page(query, Unit.code, _cursor(cursor, CODE), limit, lambda u: u.code)


def user_page(actor: User, *, unit: Unit | None = None, cursor: str | None = None,
              limit: int = 50, search: str = "", active: bool | None = None) -> Page:
    """Users the actor manages (members of one unit, if given), by username."""
    scope = org_scope(actor)
    query = sa.select(User).where(managed_users_clause(scope))
    if unit is not None:
        query = query.where(sa.select(Membership.id).where(
            Membership.user_id == User.id, Membership.unit_id == unit.id).exists())
    if search.strip():
        query = query.where(sa.or_(contains(User.display_name, search),
                                   contains(User.username, search)))
    if active is not None:
        query = query.where(User.active.is_(active))
    return _page(query, User.username, _cursor(cursor, USERNAME), limit, lambda u: u.username)


def parent_code(unit: Unit) -> str:
    """A unit's `parent` as the CSV and the forms name it: its parent unit's code, or its
    agency's code for a top unit."""
    if unit.parent_id is None:
        return unit.agency.code
    return unit.parent.code if unit.parent is not None else unit.agency.code
