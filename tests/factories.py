"""Test data builders: the demo organisation, cases, and walking tasks."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from domain.cases.intake import Receipt, submit_case
from domain.cases.models import Case, HumanTask
from domain.cases.schemas import load_intake
from domain.cases.tasks import complete_task
from domain.db import db
from domain.enums import Channel, TaskState
from domain.org import operations as org
from domain.processes.operations import deploy_shipped
from web import demo

PASSWORD = "demo-pass"


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return org.hash_password(PASSWORD)


def build_world() -> dict[str, Any]:
    """Demo agencies, units and users plus the deployed default process."""
    demo.load_org(_password_hash())  # argon2 once per run, not per test
    version = deploy_shipped().version
    users = {name: org.find_user(name) for name, *_ in demo.USERS}
    return {"users": users, "version": version}


def intake(**overrides: Any) -> dict[str, Any]:
    payload = {
        "kind": "complaint",
        "title": "Obat tidak tersedia di puskesmas",
        "description": "Sudah tiga minggu obat hipertensi kosong di Puskesmas Medan Baru.",
        "category": "health",
        "region": "12.71",
        "anonymous": True,
        "confidential": False,
        "reporter": {
            "name": "Budi Santoso",
            "phone": "+6281234567890",
            "email": "budi@example.org",
        },
    }
    payload.update(overrides)
    return payload


def submit(**overrides: Any) -> Receipt:
    return submit_case(load_intake(intake(**overrides), Channel.API))


def ready_tasks(case: Case) -> list[HumanTask]:
    return list(
        db.session.execute(
            sa.select(HumanTask).where(
                HumanTask.case_id == case.id, HumanTask.state == TaskState.READY
            )
        ).scalars()
    )


def ready_task(case: Case, spec: str | None = None) -> HumanTask:
    tasks = ready_tasks(case)
    assert len(tasks) == 1, [t.spec for t in tasks]
    if spec is not None:
        assert tasks[0].spec == spec, tasks[0].spec
    return tasks[0]


def complete(case: Case, spec: str, user: Any, **data: Any) -> Case:
    task = ready_task(case, spec)
    return complete_task(task.id, data, actor=user, expected_version=case.version)


def sweep(as_of: Any) -> int:
    """Commit like a request would, then run the timer sweeper as its own boundary."""
    from jobs.timers import sweep_due

    db.session.commit()
    return sweep_due(as_of)
