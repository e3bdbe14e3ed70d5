"""The test factories build what they promise, through the real operations."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import HumanTask
from domain.db import db
from domain.enums import CaseStatus, Role, TaskState
from domain.org.operations import authenticate, unit_by_code
from tests.factories import PASSWORD, case_in, create_user, ready_tasks, receipt_in

REACHABLE = [s for s in CaseStatus if s != CaseStatus.SUBMITTED]
COMPLETED_TASKS = {  # the tasks each path completes
    CaseStatus.VERIFICATION: [],
    CaseStatus.HOLD: ["verify"],
    CaseStatus.FOLLOW_UP: ["verify"],
    CaseStatus.RESPONDED: ["verify", "follow_up"],
    CaseStatus.CLOSED: ["verify", "follow_up", "reporter_response"],
    CaseStatus.ARCHIVED: ["verify"],
}


def _status_path(case_id: int) -> list[str]:
    payloads = db.session.execute(
        sa.select(CaseEvent.payload).where(CaseEvent.case_id == case_id,
                                           CaseEvent.kind == "status_changed")
        .order_by(CaseEvent.seq)
    ).scalars().all()
    assert payloads  # every case leaves submitted at least once
    return [payloads[0]["from"], *(p["to"] for p in payloads)]


def test_create_user_holds_the_role_in_the_unit(world):
    unit = unit_by_code("medan.health")
    user = create_user(Role.LIAISON, unit)
    assert [(m.role, m.unit_id) for m in user.memberships] == [(Role.LIAISON, unit.id)]
    assert authenticate(user.username, PASSWORD) == user


def test_create_user_takes_a_unit_code_and_a_global_role(world):
    supervisor = create_user("supervisor", "medan.works")
    assert supervisor.memberships[0].unit_id == unit_by_code("medan.works").id
    admin = create_user(Role.NATIONAL_ADMIN)
    assert [(m.role, m.unit_id) for m in admin.memberships] == [(Role.NATIONAL_ADMIN, None)]


def test_create_user_names_are_unique_and_overridable(world):
    names = {create_user(Role.AUDITOR).username for _ in range(3)}
    assert len(names) == 3
    assert not names & {"admin", "auditor", "verifier"}  # never a demo user's name
    user = create_user(Role.AUDITOR, username="ombudsman.1", locale="en", active=False)
    assert (user.username, user.locale, user.active) == ("ombudsman.1", "en", False)
    assert authenticate("ombudsman.1", PASSWORD) is None  # inactive


@pytest.mark.parametrize("status", REACHABLE, ids=[s.value for s in REACHABLE])
def test_case_in_reaches_each_status_through_the_lifecycle(world, status):
    case = case_in(status)
    assert case.status == status
    path = _status_path(case.id)
    assert path[0] == CaseStatus.SUBMITTED and path[-1] == status
    assert bool(ready_tasks(case)) == (not status.is_final)
    done = db.session.execute(
        sa.select(HumanTask.spec).where(HumanTask.case_id == case.id,
                                        HumanTask.state == TaskState.COMPLETED)
    ).scalars().all()
    assert sorted(done) == sorted(COMPLETED_TASKS[status])


def test_case_in_walks_the_whole_path_to_closed(world):
    case = case_in("closed")
    assert _status_path(case.id) == ["submitted", "verification", "follow_up", "responded",
                                     "closed"]


def test_case_in_passes_overrides_to_the_intake(world):
    case = case_in(CaseStatus.FOLLOW_UP, category="roads", title="Jalan berlubang")
    assert case.category == "roads"
    assert case.unit.code == "medan.works"  # disposed where the routing table suggests


def test_receipt_in_keeps_the_reporter_key(world):
    receipt = receipt_in(CaseStatus.RESPONDED)
    assert receipt.case.status == CaseStatus.RESPONDED and receipt.reporter_key


def test_submitted_is_refused_since_no_case_rests_there(world):
    with pytest.raises(ValueError, match="verification"):
        case_in("submitted")
