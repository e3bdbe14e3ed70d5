"""The auditor's report of identity looks: who opened (or asked to open, or approved opening)
which reporter's identity, when, and why, read from the audit events themselves.

Scoped like every case read (`queries.case_visibility`): an auditor of a unit sees the looks
at his subtree's cases, the Ombudsman every one. Newest first, keyset-paged on the event id
(`listing.id_cursor`), never OFFSET.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.identity import APPROVED, REQUESTED, VIEWED
from domain.cases.listing import Page, id_cursor, page_size
from domain.cases.models import Case
from domain.cases.queries import case_visibility
from domain.db import db
from domain.org.models import User

KINDS = (VIEWED, REQUESTED, APPROVED)


@dataclass(frozen=True)
class IdentityLook:
    """One row of the report; `request` names the request an approval or a view belongs to."""

    event_id: int
    at: datetime
    kind: str
    actor: str
    actor_name: str
    tracking_id: str
    reason: str | None
    request: int | None


def _names(actors: set[str]) -> dict[str, str]:
    ids = {int(a.split(":", 1)[1]) for a in actors
           if a.startswith("user:") and a.split(":", 1)[1].isdigit()}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(User.id, User.display_name).where(User.id.in_(ids)))
    return {f"user:{uid}": name for uid, name in rows}


def identity_looks(user: User, *, cursor: str | None = None, limit: int = 50) -> Page:
    """Identity views, requests and approvals at cases `user` may read, newest first.

    Raises ValueError for a cursor this function did not hand out.
    """
    limit = page_size(limit)
    query = (sa.select(CaseEvent, Case.tracking_id).join(Case, Case.id == CaseEvent.case_id)
             .where(CaseEvent.kind.in_(KINDS), case_visibility(user)))
    if cursor:
        query = query.where(CaseEvent.id < id_cursor(cursor))
    rows = db.session.execute(query.order_by(CaseEvent.id.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    names = _names({event.actor for event, _ in rows})
    items = []
    for event, tracking_id in rows:
        p = event.payload or {}
        request = p.get("request") if isinstance(p.get("request"), int) else None
        items.append(IdentityLook(event.id, event.created_at, event.kind, event.actor,
                                  names.get(event.actor, event.actor), tracking_id,
                                  p.get("reason"), request))
    return Page(items, str(items[-1].event_id) if more else None)


def all_identity_looks(user: User, *, batch: int = 100) -> Iterator[IdentityLook]:
    """Every row of the report, page by page (for the CSV export)."""
    cursor = None
    while True:
        page = identity_looks(user, cursor=cursor, limit=batch)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor
