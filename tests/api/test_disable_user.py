"""Disabling an officer puts his open tasks back in his unit's inbox (issue 9, point 5)."""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.actors import CLI
from domain.audit.models import CaseEvent
from domain.cases.models import HumanTask
from domain.cases.tasks import reassign_task
from domain.db import db
from domain.enums import Role
from domain.org.models import User
from domain.org.operations import disable_user, set_password
from tests.factories import complete, create_user, ready_task, submit


def _inbox(client, headers) -> list[str]:
    return [t["id"] for t in client.get("/api/v1/tasks", headers=headers).json["items"]]


def test_disabling_a_liaison_returns_his_task_to_the_unit(app, client, world, login, liaison):
    receipt = submit()
    complete(receipt.case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary="Obat kosong", unit_code="medan.health")
    task = ready_task(receipt.case, "follow_up")
    colleague = create_user(Role.LIAISON, "medan.health")
    headers = login(colleague)
    reassign_task(task.id, liaison, actor=colleague)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "disable", liaison.username])
    assert result.exit_code == 0, result.output
    assert db.session.get(HumanTask, task.id).assignee_id is None
    assert task.id in _inbox(client, headers)
    moved = db.session.scalars(sa.select(CaseEvent).where(
        CaseEvent.case_id == receipt.case.id, CaseEvent.kind == "task_reassigned")).all()
    assert [e.payload.get("from") for e in moved] == [None, liaison.username]


def test_a_changed_password_or_a_disabled_user_kills_his_tokens(client, world, login, liaison):
    headers = login(liaison)
    assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    liaison = db.session.get(User, liaison.id)
    set_password(liaison, "ganti-kata-sandi-1", actor=CLI)
    db.session.commit()
    assert client.get("/api/v1/tasks", headers=headers).status_code == 401
    fresh = client.post("/api/v1/auth/token",
                        json={"username": liaison.username, "password": "ganti-kata-sandi-1"})
    again = {"Authorization": f"Bearer {fresh.json['token']}"}
    assert client.get("/api/v1/tasks", headers=again).status_code == 200
    disable_user(db.session.get(User, liaison.id), actor=CLI)
    db.session.commit()
    assert client.get("/api/v1/tasks", headers=again).status_code == 401
