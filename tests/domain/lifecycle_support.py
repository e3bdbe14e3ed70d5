"""What the lifecycle tests share: the deadline check after every step, officers, helpers."""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import Case
from domain.db import db
from domain.org.models import User
from domain.sla.rules import RULES
from tests.factories import complete, ready_tasks


def assert_every_waiting_task_has_a_deadline(case: Case) -> None:
    """A task nobody must finish by a date waits forever: each one names its legal rule."""
    for task in ready_tasks(case):
        assert task.due_at is not None, f"{task.spec} waits without a deadline"
        assert task.due_rule in RULES, f"{task.spec}: unknown rule {task.due_rule!r}"


def event_kinds(case: Case) -> list[str]:
    return list(
        db.session.execute(
            sa.select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.seq)
        ).scalars()
    )


def verify_valid(case: Case, coordinator: User, unit: str = "medan.health", **extra) -> Case:
    return complete(
        case,
        "verify",
        coordinator,
        decision="valid",
        summary="Obat hipertensi kosong di Puskesmas Medan Baru",
        unit_code=unit,
        **extra,
    )
