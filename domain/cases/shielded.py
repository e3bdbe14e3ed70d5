"""A case's citizen text as each audience reads it: masked by the identity shield
(`domain/privacy/shield.py`) for everyone but the verifying role and the reporter himself.

Nothing is stored masked: the original stays in the database and is masked each time it is
read for an audience (public pages and API, letters and case files, units, auditors).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import Case, CaseNote, Reporter
from domain.cases.shield_overrides import Overrides, overrides_of
from domain.db import db
from domain.enums import IDENTITY_ROLES
from domain.org.models import User
from domain.privacy.shield import Masked, ReporterData, mask


@dataclass(frozen=True)
class CaseText:
    """The citizen text of one case, each field masked (`.text`) with its spans."""

    title: Masked
    original_title: Masked
    description: Masked
    location: Masked


def reporter_of(case: Case) -> ReporterData | None:
    """The reporter row, read only so that his own name and contacts can be masked."""
    return db.session.get(Reporter, case.id)


def reporters_of(case_ids: list[int]) -> dict[int, Reporter]:
    """The reporters of a page of cases in one query, only to mask them in titles."""
    if not case_ids:
        return {}
    rows = db.session.execute(sa.select(Reporter).where(Reporter.case_id.in_(case_ids)))
    return {r.case_id: r for r in rows.scalars()}


def titles(cases: list[Case], user: User | None) -> dict[int, str]:
    """The titles of a list of cases as `user` may read them (None: the public)."""
    if user is not None and sees_original(user):
        return {c.id: c.title for c in cases}
    ids = [c.id for c in cases]
    reporters, overrides = reporters_of(ids), overrides_of(ids)
    return {c.id: _mask_field(c.title, reporters.get(c.id), overrides.get(c.id, {}), "title").text
            for c in cases}


def _mask_field(value: str | None, reporter: ReporterData | None, overrides: Overrides,
                field: str) -> Masked:
    """One field masked, with the verifying officer's corrections for that field."""
    extra, released = overrides.get(field, ((), frozenset()))
    return mask(value, reporter=reporter, extra=extra, released=released)


def case_text(case: Case) -> CaseText:
    """Title, original title, description and location of `case`, masked."""
    reporter = reporter_of(case)
    overrides = overrides_of([case.id]).get(case.id, {})
    return CaseText(*(_mask_field(getattr(case, field), reporter, overrides, field)
                      for field in ("title", "original_title", "description", "location")))


def masked_fields(case: Case) -> dict[str, str | None]:
    """The masked citizen text as attribute values (None stays None), for API views."""
    return {name: None if getattr(case, name) is None else masked.text
            for name, masked in vars(case_text(case)).items()}


def shielded(text: str | None, case: Case) -> str:
    """One piece of citizen text of `case` (an answer, a reply), masked."""
    return mask(text, reporter=reporter_of(case)).text


def sees_original(user: User) -> bool:
    """The verifying role reads the original text, with the detections highlighted."""
    return bool(user.roles() & IDENTITY_ROLES)


@dataclass(frozen=True)
class ShownEvent:
    """An audit event as the desk and the audit page print it, its texts masked."""

    seq: int
    created_at: datetime
    kind: str
    actor: str
    payload: Any


def _masked_value(value: Any, reporter: ReporterData | None) -> Any:
    if isinstance(value, str):
        return mask(value, reporter=reporter).text
    if isinstance(value, dict):
        return {k: _masked_value(v, reporter) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked_value(v, reporter) for v in value]
    return value


def shown_events(events: list[CaseEvent], case: Case) -> list[ShownEvent]:
    """The audit trail with every text in its payloads masked (officers' form texts quote
    the citizen: a summary, a question); hashes and codes pass unchanged."""
    reporter = reporter_of(case)
    return [ShownEvent(e.seq, e.created_at, e.kind, e.actor,
                       _masked_value(e.payload or {}, reporter)) for e in events]


def public_texts(cases: list[Case]) -> dict[int, CaseText]:
    """The citizen text of a list of cases as the public reads it (Open311, exports):
    every field masked, the reporters read in one query."""
    reporters = reporters_of([c.id for c in cases])
    return {c.id: CaseText(*(mask(value, reporter=reporters.get(c.id)) for value in (
        c.title, c.original_title, c.description, c.location))) for c in cases}


@dataclass(frozen=True)
class ShownNote:
    """A case note as a reader outside the verifying role sees it: its body masked.

    The reporter's own notes are citizen text; an officer's may quote him (a phone number
    copied from a call), so both are masked. Every other attribute is the note's."""

    note: CaseNote
    body: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.note, name)


def shown_notes(notes: list[CaseNote], case: Case) -> list[ShownNote]:
    """The notes of `case` with their bodies masked (one reporter read for all)."""
    reporter = reporter_of(case)
    return [ShownNote(n, mask(n.body, reporter=reporter).text) for n in notes]
