"""Two officers clicking at once: the state change happens exactly once."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import Case, HumanTask
from domain.cases.tasks import complete_task
from domain.db import db
from domain.enums import CaseStatus, Role, TaskState
from domain.errors import Conflict
from domain.org.models import User
from tests.factories import build_world, create_user, ready_task, submit


def test_two_concurrent_completions_apply_once(app, committed_db):
    build_world()
    coordinator_id = create_user(Role.COORDINATOR, "medan.secretariat").id
    case = submit().case
    task_id, version, case_id = ready_task(case, "verify").id, case.version, case.id
    db.session.commit()
    db.session.remove()

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click(decision: dict) -> None:
        barrier.wait()  # both start together; neither holds a transaction while waiting
        with app.app_context():
            actor = db.session.get(User, coordinator_id)
            try:
                complete_task(task_id, decision, actor=actor, expected_version=version)
                db.session.commit()
                outcomes.append("applied")
            except Conflict:
                db.session.rollback()
                outcomes.append("conflict")
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=click, args=({"decision": "archive", "reason": "Spam."},)),
        threading.Thread(
            target=click,
            args=({"decision": "valid", "summary": "Obat kosong", "unit_code": "medan.health"},),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["applied", "conflict"]
    completed = db.session.execute(
        sa.select(sa.func.count())
        .select_from(CaseEvent)
        .where(CaseEvent.case_id == case_id, CaseEvent.kind == "task_completed")
    ).scalar()
    assert completed == 1
    case = db.session.get(Case, case_id)
    assert case.status in (CaseStatus.ARCHIVED, CaseStatus.FOLLOW_UP)
    assert case.version == version + 1
    task = db.session.get(HumanTask, task_id)
    assert task.state == TaskState.COMPLETED
