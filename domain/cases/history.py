"""A case's history told in steps, built from its audit chain, filtered per audience.

The audit chain is the single record of what happened, so the tracking page, the desk and
the API all tell the same story. What each audience may read differs: the public sees the
steps, deadlines and the agency's answer; the reporter (with the key) also sees the
officers' questions and reasons and his own replies; officers see everything. Internal
notes, identity views and reassignments never reach the public or the reporter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import Case, CaseNote
from domain.cases.shielded import reporter_of
from domain.db import db
from domain.org.models import Agency, Unit
from domain.privacy.shield import ReporterData, mask
from domain.sla.rules import RULES, Rule


class Audience(StrEnum):
    PUBLIC = "public"
    REPORTER = "reporter"
    OFFICER = "officer"


# Form fields whose text may be shown, and to whom (the forms' help texts promise this).
# `exemption` is the code of the UU 14/2008 pasal 17 exemption a refused information request
# cites (wording.information words it): the agency's legal ground, public like its answer.
PUBLIC_TEXT = ("answer", "exemption")
REPORTER_TEXT = ("answer", "exemption", "question", "reason", "additional_info", "comment")
STEP_KINDS = ("case_submitted", "task_assigned", "task_completed", "status_changed",
              "timer_fired")


@dataclass(frozen=True)
class Step:
    """One line of the timeline; `kind` is the audit event kind it came from."""

    at: datetime
    kind: str
    actor: str
    lane: str | None = None
    task_label: str | None = None
    decision: str | None = None
    status: str | None = None
    due_at: datetime | None = None
    rule: Rule | None = None
    working_days: int | None = None  # the deadline's own length (None: the rule's maximum)
    owner: str | None = None  # the unit or agency now holding the case
    rating: int | None = None
    texts: tuple[tuple[str, str], ...] = ()  # (field, text) the audience may read

    @property
    def by_reporter(self) -> bool:
        return self.actor == "reporter"


def _owners(events: list[CaseEvent]) -> dict[str, str]:
    """Names of the units and agencies named in task assignments, in two small queries."""
    units = {e.payload.get("unit") for e in events if e.kind == "task_assigned"} - {None}
    agencies = {e.payload.get("agency") for e in events if e.kind == "task_assigned"} - {None}
    names: dict[str, str] = {}
    if agencies:
        names.update((r[0], r[1]) for r in db.session.execute(
            sa.select(Agency.code, Agency.name).where(Agency.code.in_(agencies))).all())
    if units:
        names.update((r[0], r[1]) for r in db.session.execute(
            sa.select(Unit.code, Unit.name).where(Unit.code.in_(units))).all())
    return names


def _due(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _days(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _texts(data: dict[str, Any], audience: Audience, confidential: bool,
           shield: tuple[ReporterData | None] | None) -> tuple:
    if audience == Audience.OFFICER:
        fields = tuple(k for k, v in data.items() if isinstance(v, str) and len(v) > 40) \
            + REPORTER_TEXT
    elif audience == Audience.REPORTER:
        fields = REPORTER_TEXT
    else:
        fields = () if confidential else PUBLIC_TEXT
    seen: list[tuple[str, str]] = []
    for field in dict.fromkeys(fields):
        value = data.get(field)
        if isinstance(value, str) and value.strip():
            seen.append((field, mask(value, reporter=shield[0]).text if shield else value))
    return tuple(seen)


def timeline(case: Case, audience: Audience, *, masked: bool | None = None) -> list[Step]:
    """The case's steps in order, holding only what `audience` may read.

    Texts pass the identity shield when `masked` (by default for the public only: the
    reporter reads his own words; the desk says whether its reader is the verifying role).
    """
    if masked is None:
        masked = audience == Audience.PUBLIC
    events = list(db.session.execute(
        sa.select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind.in_(STEP_KINDS))
        .order_by(CaseEvent.seq)
    ).scalars())
    names = _owners(events)
    shield = (reporter_of(case),) if masked else None
    steps: list[Step] = []
    for event in events:
        p = event.payload or {}
        actor = "reporter" if event.actor == "reporter" else (
            "system" if event.actor.startswith("system") else "officer")
        if event.kind == "case_submitted":
            steps.append(Step(event.created_at, event.kind, actor))
        elif event.kind == "task_assigned":
            owner = names.get(p.get("unit") or "") or names.get(p.get("agency") or "")
            steps.append(Step(event.created_at, event.kind, actor, lane=p.get("lane"),
                              task_label=p.get("label"), due_at=_due(p.get("due_at")),
                              rule=RULES.get(p.get("rule") or ""),
                              working_days=_days(p.get("working_days")), owner=owner))
        elif event.kind == "task_completed":
            data = p.get("data") or {}
            decision = data.get("decision") or data.get("action")
            rating = data.get("rating") if isinstance(data.get("rating"), int) else None
            steps.append(Step(event.created_at, event.kind, actor, lane=p.get("lane"),
                              task_label=p.get("label"), decision=decision, rating=rating,
                              texts=_texts(data, audience, case.confidential, shield)))
        elif event.kind == "status_changed":
            steps.append(Step(event.created_at, event.kind, actor, status=p.get("to")))
        elif event.kind == "timer_fired":
            steps.append(Step(event.created_at, event.kind, actor, due_at=_due(p.get("due_at")),
                              rule=RULES.get(p.get("rule") or ""),
                              working_days=_days(p.get("working_days"))))
    return steps


def audit_trail(case: Case) -> list[CaseEvent]:
    """Every audit event of the case, oldest first (officers and auditors only)."""
    return list(db.session.execute(
        sa.select(CaseEvent).where(CaseEvent.chain == f"case:{case.id}").order_by(CaseEvent.seq)
    ).scalars())


def notes_of(case: Case, *, include_internal: bool) -> list[CaseNote]:
    """The case's notes, oldest first; internal ones only for officers."""
    query = sa.select(CaseNote).where(CaseNote.case_id == case.id)
    if not include_internal:
        query = query.where(CaseNote.internal.is_(False))
    return list(db.session.execute(query.order_by(CaseNote.id)).scalars())
