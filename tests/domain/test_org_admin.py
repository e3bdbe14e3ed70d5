"""What deactivating and moving do to the rest of the system, below the admin API."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from domain.cases.models import HumanTask
from domain.cases.tasks import reassign_task
from domain.db import db
from domain.enums import Role
from domain.errors import InvalidData, NotFound
from domain.org import people, structure
from domain.org.access import user_in_scope
from domain.org.models import Unit
from domain.org.operations import unit_by_code
from domain.org.queries import unit_choices
from tests.factories import complete, create_user, ready_task, submit


def test_a_deactivated_unit_is_neither_offered_nor_accepted_for_disposal(world, coordinator):
    receipt = submit()
    health = unit_by_code("medan.health")
    health.active = False
    db.session.flush()
    assert "medan.health" not in {u.code for u in unit_choices(receipt.case.agency_id)}
    with pytest.raises(InvalidData) as refused:
        complete(receipt.case, "verify", coordinator, decision="valid", summary="Obat kosong",
                 unit_code="medan.health")
    assert refused.value.details == {"unit_code": "not_found"}


def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree(world, national_admin):
    structure.create_unit(national_admin, code="medan.health.north", name="Puskesmas Utara",
                          parent="medan.health")
    structure.create_unit(national_admin, code="medan.health.north.1", name="Pustu 1",
                          parent="medan.health.north")
    structure.update_unit(national_admin, "medan.health.north", parent="medan.works")
    paths = dict(db.session.execute(sa.select(Unit.code, Unit.path)).all())
    assert paths["medan.health.north"].startswith(paths["medan.works"])
    assert paths["medan.health.north.1"].startswith(paths["medan.health.north"])
    assert not paths["medan.health.north.1"].startswith(paths["medan.health"])


def test_revoking_a_role_puts_back_the_tasks_he_may_no_longer_act_on(world, liaison):
    receipt = submit()
    complete(receipt.case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary="Obat kosong", unit_code="medan.health")
    task = ready_task(receipt.case, "follow_up")
    reassign_task(task.id, liaison, actor=liaison)
    admin = create_user(Role.NATIONAL_ADMIN)
    people.grant_role(admin, liaison.username, role="officer", unit="medan.works")
    liaison_role = next(m for m in liaison.memberships if m.role == Role.LIAISON)
    people.revoke_role(admin, liaison.username, liaison_role.id)
    assert db.session.get(HumanTask, task.id).assignee_id is None


def test_a_coordinator_does_not_manage_a_user_who_also_works_elsewhere(world, coordinator):
    shared = create_user(Role.LIAISON, "medan.health")
    assert user_in_scope(coordinator, shared.username) == shared
    admin = create_user(Role.NATIONAL_ADMIN)
    people.grant_role(admin, shared.username, role="liaison", unit="dki.secretariat")
    with pytest.raises(NotFound):
        user_in_scope(coordinator, shared.username)
