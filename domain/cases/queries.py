"""Read-side queries: inboxes and case lists, scoped to the reader, keyset-paginated.

Lists never COUNT or OFFSET over whole tables: pages continue from the last row's key, and
every filter is served by an index (see the models' `__table_args__`). A ranked search is
the one exception: it pages by offset, at most `search.MAX_OFFSET` deep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from domain.cases.listing import MAX_PAGE, Page, case_page, page_size
from domain.cases.models import Case, CaseCopy, HumanTask, WorkflowState
from domain.cases.search import search_cases
from domain.cases.tracking import normalize_tracking_id
from domain.db import db
from domain.enums import LANE_ROLES, Lane, Role, TaskState
from domain.errors import NotFound
from domain.org.models import Unit, User
from domain.org.scope import Scope, scope_of


def find_case(tracking_id: str) -> Case:
    """The case with this tracking id (any spelling a reporter types); NotFound otherwise."""
    normalized = normalize_tracking_id(tracking_id)
    case = None
    if normalized:
        case = db.session.execute(
            sa.select(Case).where(Case.tracking_id == normalized)
        ).scalar_one_or_none()
    if case is None:
        raise NotFound("case_not_found")
    return case


def _task_visibility(user: User, scope: Scope) -> sa.ColumnElement[bool]:
    roles = user.roles()
    clauses = []
    for lane, allowed in LANE_ROLES.items():
        if lane == Lane.REPORTER or not roles & allowed:
            continue
        units = scope.units_for(*allowed)
        if units:
            clauses.append(sa.and_(HumanTask.lane == lane.value, HumanTask.unit_id.in_(units)))
    if Role.NATIONAL_ADMIN in roles:
        clauses.append(HumanTask.lane == Lane.NATIONAL_ADMIN.value)
        clauses.append(
            sa.and_(HumanTask.lane == Lane.COORDINATOR.value, HumanTask.unit_id.is_(None))
        )
    return sa.or_(*clauses) if clauses else sa.false()


def inbox(
    user: User,
    *,
    cursor: str | None = None,
    limit: int = 25,
    lane: str | None = None,
    overdue_before: datetime | None = None,
) -> Page:
    """Ready tasks this user may act on, soonest deadline first (no deadline last)."""
    limit = max(1, min(limit, MAX_PAGE))
    query = sa.select(HumanTask).where(
        HumanTask.state == TaskState.READY, _task_visibility(user, scope_of(user))
    )
    if lane:
        query = query.where(HumanTask.lane == lane)
    if overdue_before is not None:
        query = query.where(HumanTask.due_at < overdue_before)
    if cursor:
        due_s, _, task_id = cursor.partition("|")
        if due_s == "-":  # already in the tail of tasks without a deadline
            query = query.where(HumanTask.due_at.is_(None), HumanTask.id > task_id)
        else:
            due = datetime.fromisoformat(due_s)
            query = query.where(
                sa.or_(
                    HumanTask.due_at.is_(None),
                    HumanTask.due_at > due,
                    sa.and_(HumanTask.due_at == due, HumanTask.id > task_id),
                )
            )
    query = query.order_by(HumanTask.due_at.is_(None), HumanTask.due_at, HumanTask.id)
    rows = list(db.session.execute(query.limit(limit + 1)).scalars().unique())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = f"{last.due_at.isoformat() if last.due_at else '-'}|{last.id}"
    return Page(rows, next_cursor)


def case_visibility(user: User) -> sa.ColumnElement[bool]:
    """The cases a user may read: his units' subtree, their agency pool, and copies."""
    scope = scope_of(user)
    if scope.everything:
        return sa.true()
    units = scope.unit_ids
    if not units:
        return sa.false()
    roots = sa.select(Unit.agency_id).where(Unit.id.in_(units), Unit.parent_id.is_(None))
    return sa.or_(
        Case.unit_id.in_(units),
        sa.and_(Case.unit_id.is_(None), Case.agency_id.in_(roots)),
        Case.id.in_(sa.select(CaseCopy.case_id).where(CaseCopy.unit_id.in_(units))),
    )


def can_read_case(user: User, case: Case) -> bool:
    return (
        db.session.execute(
            sa.select(Case.id).where(Case.id == case.id, case_visibility(user))
        ).first()
        is not None
    )


def reads_only_as_copy(user: User, case: Case) -> bool:
    """True when the user's scope reaches the case only through a copy (tembusan) unit.

    Officers of the unit holding the case (or above it), the agency's coordinators while the
    case sits in the agency pool, and global roles read it directly.
    """
    scope = scope_of(user)
    if scope.everything:
        return False
    units = scope.unit_ids
    if case.unit_id is not None:
        return case.unit_id not in units
    if case.agency_id is None:
        return True
    roots = db.session.execute(
        sa.select(Unit.id).where(Unit.agency_id == case.agency_id, Unit.parent_id.is_(None))
    ).scalars()
    return not any(root in units for root in roots)


@dataclass(frozen=True)
class CaseFilters:
    """Optional filters of an officer's case list; `region` matches the code and below it."""

    status: str | None = None
    category: str | None = None
    region: str | None = None
    unit_id: int | None = None
    # Free text: words of the title, description, answers or notes (ranked), a substring of
    # the title, or exactly a tracking id (`domain.cases.search`).
    q: str | None = None


def _offset_cursor(cursor: str | None) -> int:
    """A ranked search page continues at an offset (`r25`); ValueError for anything else."""
    if not cursor:
        return 0
    if not (cursor.startswith("r") and cursor[1:].isdigit() and len(cursor) < 8):
        raise ValueError("unknown cursor")
    return int(cursor[1:])


def list_cases(
    user: User, filters: CaseFilters, *, cursor: str | None = None, limit: int = 25
) -> Page:
    """Cases the user may read, newest first, continuing after the `cursor` id; with a
    search text, the best matches first (`domain.cases.search`), paged by offset.

    Raises ValueError for a cursor this function did not hand out.
    """
    if filters.q and filters.q.strip():
        hits = search_cases(case_visibility(user), filters.q, status=filters.status,
                            category=filters.category, region=filters.region,
                            unit_id=filters.unit_id, offset=_offset_cursor(cursor),
                            limit=page_size(limit))
        return Page(hits.items, f"r{hits.next_offset}" if hits.next_offset is not None else None)
    return case_page(case_visibility(user), status=filters.status, category=filters.category,
                     region=filters.region, unit_id=filters.unit_id,
                     cursor=cursor, limit=limit)


def suggested_unit(case: Case) -> Unit | None:
    """The routing table's suggested unit, to prefill the verifier's disposition.

    Only a suggestion: the case's unit stays empty until the verifier disposes it. None once
    the case was disposed, handed back or forwarded (the process then set `unit_code`), or
    when the suggestion lies outside the case's current agency.
    """
    state = db.session.get(WorkflowState, case.id)
    facts = (state.facts or {}) if state is not None else {}
    code = facts.get("routed_unit")
    if not code or "unit_code" in facts:
        return None
    unit = db.session.execute(sa.select(Unit).where(Unit.code == str(code))).scalar_one_or_none()
    return unit if unit is not None and unit.agency_id == case.agency_id else None
