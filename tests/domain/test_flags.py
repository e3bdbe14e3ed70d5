"""Flags go up, never silently down: officers in scope raise them, only the reporter lowers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.flags import raise_flags, reporter_set_flags
from domain.cases.history import Audience
from domain.cases.public import PublicFilters, public_cases, tracking_audience
from domain.db import db
from domain.enums import Role
from domain.errors import Forbidden, InvalidData, NotFound
from tests.factories import create_user, receipt_in


def _events(case, kind: str) -> list[CaseEvent]:
    return list(db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == kind).order_by(CaseEvent.seq)).scalars())


def _listed(case) -> bool:
    return case.tracking_id in {c.tracking_id for c in public_cases(PublicFilters()).items}


def test_officer_raises_confidential_and_the_case_leaves_the_public_list_and_tracking(world):
    receipt = receipt_in("follow_up", confidential=False)
    case = receipt.case
    assert _listed(case) and tracking_audience(case, None) == Audience.PUBLIC
    liaison = create_user(Role.LIAISON, "medan.health")
    assert raise_flags(case, confidential=True, actor=liaison) == ["confidential"]
    assert not _listed(case) and tracking_audience(case, None) is None
    assert tracking_audience(case, receipt.reporter_key) == Audience.REPORTER  # still his
    (event,) = _events(case, "flags_raised")
    assert event.actor == f"user:{liaison.id}"
    assert event.payload == {"flags": ["confidential"], "anonymous": True, "confidential": True}
    assert raise_flags(case, confidential=True, actor=liaison) == []  # already up: no event
    assert len(_events(case, "flags_raised")) == 1


def test_an_officer_cannot_lower_a_flag(world):
    case = receipt_in("follow_up", anonymous=True, confidential=True).case
    coordinator = create_user(Role.COORDINATOR, "medan.secretariat")
    for flag in ("anonymous", "confidential"):
        with pytest.raises(Forbidden) as refused:
            raise_flags(case, actor=coordinator, **{flag: False})
        assert refused.value.reason == "flag_lowering_needs_reporter"
    assert case.anonymous and case.confidential
    assert _events(case, "flags_lowered") == [] and _events(case, "flags_raised") == []
    with pytest.raises(InvalidData):
        raise_flags(case, actor=coordinator)


def test_officers_outside_scope_and_auditors_raise_nothing(world):
    case = receipt_in("follow_up", confidential=False).case
    for user in (create_user(Role.LIAISON, "medan.works"), create_user(Role.AUDITOR)):
        with pytest.raises(NotFound):
            raise_flags(case, confidential=True, actor=user)
    assert not case.confidential and _events(case, "flags_raised") == []


def test_the_reporter_lowers_a_flag_with_his_key_and_it_is_audited(world):
    receipt = receipt_in("follow_up", anonymous=True, confidential=True)
    case = receipt.case
    with pytest.raises(Forbidden):
        reporter_set_flags(case, "not-his-key", confidential=False)
    assert case.confidential and not _listed(case)
    assert reporter_set_flags(case, receipt.reporter_key, confidential=False) == ["confidential"]
    assert _listed(case) and tracking_audience(case, None) == Audience.PUBLIC
    (event,) = _events(case, "flags_lowered")
    assert event.actor == "reporter"
    assert event.payload == {"flags": ["confidential"], "anonymous": True, "confidential": False}
    assert reporter_set_flags(case, receipt.reporter_key, confidential=True) == ["confidential"]
    assert not _listed(case)
