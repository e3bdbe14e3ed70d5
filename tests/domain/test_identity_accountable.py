"""Identity views are accountable: a reason each time, and a second person for sensitive
categories; the auditor's report lists every look."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.categories import is_sensitive, is_valid_category
from domain.cases.identity import (
    approve_identity_view,
    reporter_identity,
    request_identity_view,
    requests_of,
)
from domain.cases.identity_report import all_identity_looks, identity_looks
from domain.db import db
from domain.enums import Role
from domain.errors import Conflict, Forbidden, InvalidData
from tests.factories import case_in, create_user

REPORTER = {"name": "Budi Santoso", "phone": "+6281234567890", "email": "budi@example.org",
            "nik": "1271012345678901"}
WHY = "Pelapor perlu dihubungi untuk verifikasi"


def _events(case, kind: str) -> list[CaseEvent]:
    return list(db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == kind).order_by(CaseEvent.seq)).scalars())


def _verifier():
    return create_user(Role.COORDINATOR, "medan.secretariat")


def test_an_anonymous_identity_opens_only_with_a_reason_and_the_reason_is_audited(world):
    case = case_in("follow_up", reporter=REPORTER, anonymous=True)
    verifier = _verifier()
    for reason in (None, "", "   "):
        with pytest.raises(InvalidData) as refused:
            reporter_identity(case, actor=verifier, reason=reason)
        assert refused.value.details == {"reason": "required"}
    with pytest.raises(InvalidData):
        reporter_identity(case, actor=verifier, reason="x" * 501)
    assert _events(case, "identity_viewed") == []
    seen = reporter_identity(case, actor=verifier, reason=f"  {WHY} ")
    assert seen.name == "Budi Santoso"
    (event,) = _events(case, "identity_viewed")
    assert event.actor == f"user:{verifier.id}" and event.payload["reason"] == WHY


def test_whistleblowing_is_a_category_and_sensitive(db_session):
    assert is_valid_category("whistleblowing") and is_sensitive("whistleblowing")
    assert is_valid_category("health") and not is_sensitive("health")


def test_a_sensitive_identity_needs_a_second_verifying_officer(world):
    case = case_in("follow_up", reporter=REPORTER, anonymous=True, category="whistleblowing")
    asker, second = _verifier(), _verifier()
    with pytest.raises(Forbidden) as refused:
        reporter_identity(case, actor=asker, reason=WHY)
    assert refused.value.reason == "identity_needs_approval"
    with pytest.raises(InvalidData):
        request_identity_view(case, actor=asker, reason="")
    request = request_identity_view(case, actor=asker, reason=WHY)
    assert request_identity_view(case, actor=asker, reason=WHY) == request  # one open request
    with pytest.raises(Forbidden) as own:
        approve_identity_view(case, request.seq, actor=asker)
    assert own.value.reason == "identity_approval_needs_second_person"
    with pytest.raises(Forbidden):  # handling officers never approve (nor see) it
        approve_identity_view(case, request.seq, actor=create_user(Role.LIAISON, case.unit))
    with pytest.raises(Forbidden):
        reporter_identity(case, actor=asker, reason=WHY)  # still pending
    approve_identity_view(case, request.seq, actor=second)
    with pytest.raises(Conflict):
        approve_identity_view(case, request.seq, actor=_verifier())
    with pytest.raises(Forbidden):
        reporter_identity(case, actor=second, reason=WHY)  # the approver did not ask
    assert reporter_identity(case, actor=asker).nik == REPORTER["nik"]
    with pytest.raises(Forbidden):
        reporter_identity(case, actor=asker, reason=WHY)  # one approval, one look
    (state,) = requests_of(case)
    assert state.used and state.approved_by == f"user:{second.id}"
    (viewed,) = _events(case, "identity_viewed")
    assert viewed.payload["reason"] == WHY and viewed.payload["request"] == request.seq
    (approved,) = _events(case, "identity_view_approved")
    assert approved.actor == f"user:{second.id}"
    assert approved.payload == {"request": request.seq, "requester": f"user:{asker.id}"}


def test_a_plain_category_needs_no_approval(world):
    case = case_in("follow_up", reporter=REPORTER, anonymous=True)
    with pytest.raises(Conflict):
        request_identity_view(case, actor=_verifier(), reason=WHY)


def test_the_report_lists_every_look_in_scope_newest_first_in_pages(world):
    case = case_in("follow_up", reporter=REPORTER, anonymous=True)
    verifier = _verifier()
    for n in range(3):
        reporter_identity(case, actor=verifier, reason=f"{WHY} {n}")
    ombudsman = create_user(Role.AUDITOR)
    first = identity_looks(ombudsman, limit=2)
    assert [row.reason for row in first.items] == [f"{WHY} 2", f"{WHY} 1"]
    assert first.items[0].actor_name == verifier.display_name
    assert first.items[0].tracking_id == case.tracking_id
    rest = identity_looks(ombudsman, cursor=first.next_cursor, limit=2)
    assert [row.reason for row in rest.items] == [f"{WHY} 0"] and rest.next_cursor is None
    assert len(list(all_identity_looks(ombudsman, batch=1))) == 3
    elsewhere = create_user(Role.AUDITOR, "dki.secretariat")
    assert identity_looks(elsewhere).items == []  # an auditor of another agency sees none
    with pytest.raises(ValueError):
        identity_looks(ombudsman, cursor="abc")
