"""Read models of the studio: models with their versions, deploy history and case counts."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from domain.cases.listing import id_cursor
from domain.cases.models import Case
from domain.db import db
from domain.enums import CaseStatus, DraftStatus
from domain.org.models import User
from domain.processes import access
from domain.processes.models import ProcessDraft, ProcessModel, ProcessVersion


@dataclass(frozen=True)
class VersionRow:
    """One deployed version with who deployed it and how many cases run on it."""

    version: ProcessVersion
    deployed_by: str | None
    running: int
    total: int


@dataclass
class ModelOverview:
    model: ProcessModel
    agency_name: str | None
    editable: bool
    versions: list[VersionRow] = field(default_factory=list)
    open_drafts: list[ProcessDraft] = field(default_factory=list)


def case_counts(version_ids: list[int]) -> dict[int, tuple[int, int]]:
    """version id -> (running, total) cases: one GROUP BY over the pinned version column."""
    if not version_ids:
        return {}
    final = [CaseStatus.CLOSED.value, CaseStatus.ARCHIVED.value]
    rows = db.session.execute(
        sa.select(
            Case.process_version_id,
            sa.func.count(Case.id).filter(Case.status.not_in(final)),
            sa.func.count(Case.id),
        )
        .where(Case.process_version_id.in_(version_ids))
        .group_by(Case.process_version_id)
    ).all()
    return {row[0]: (row[1], row[2]) for row in rows}


def overview(user: User) -> list[ModelOverview]:
    """Every model in the user's scope, newest version first, with open drafts."""
    from domain.org.models import Agency

    models = access.models_in_scope(user)
    ids = [m.id for m in models]
    versions = (
        list(
            db.session.execute(
                sa.select(ProcessVersion, User.username)
                .outerjoin(User, User.id == ProcessVersion.deployed_by_id)
                .where(ProcessVersion.model_id.in_(ids))
                .order_by(ProcessVersion.model_id, ProcessVersion.number.desc())
            ).all()
        )
        if ids
        else []
    )
    counts = case_counts([v.id for v, _ in versions])
    drafts = (
        list(
            db.session.execute(
                sa.select(ProcessDraft)
                .where(
                    ProcessDraft.model_id.in_(ids),
                    ProcessDraft.status.in_(
                        [DraftStatus.DRAFT, DraftStatus.SUBMITTED, DraftStatus.REJECTED]
                    ),
                )
                .order_by(ProcessDraft.id.desc())
            ).scalars()
        )
        if ids
        else []
    )
    agencies = dict(
        db.session.execute(
            sa.select(Agency.id, Agency.name).where(
                Agency.id.in_([m.agency_id for m in models if m.agency_id])
            )
        ).all()
    )
    result = []
    for model in models:
        item = ModelOverview(model, agencies.get(model.agency_id), access.can_edit(user, model))
        item.versions = [
            VersionRow(v, name, *counts.get(v.id, (0, 0)))
            for v, name in versions
            if v.model_id == model.id
        ]
        item.open_drafts = [d for d in drafts if d.model_id == model.id]
        result.append(item)
    return result


CASES_PAGE = 50


@dataclass(frozen=True)
class CasesOnVersion:
    """One page of the cases pinned to a version: (tracking id, status) by case id."""

    items: list[tuple[str, str]]
    next_cursor: str | None


def cases_on_version(
    version_id: int, *, cursor: str | None = None, limit: int = CASES_PAGE
) -> CasesOnVersion:
    """Which cases run on a version, oldest first, continuing after the `cursor` case id.

    Keyset-paginated by `case.id` (no OFFSET). `case.process_version_id` has no index of
    its own yet (nor has `case_counts`' GROUP BY); an index (process_version_id, id) needs a
    migration, left to whoever owns the schema next.
    Raises ValueError for a cursor this function did not hand out.
    """
    query = sa.select(Case.id, Case.tracking_id, Case.status).where(
        Case.process_version_id == version_id
    )
    if cursor:
        query = query.where(Case.id > id_cursor(cursor))
    rows = db.session.execute(query.order_by(Case.id).limit(limit + 1)).all()
    next_cursor = str(rows[limit - 1].id) if len(rows) > limit else None
    items = [(r.tracking_id, getattr(r.status, "value", r.status)) for r in rows[:limit]]
    return CasesOnVersion(items, next_cursor)
