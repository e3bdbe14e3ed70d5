"""One identity policy for every face: who sees a reporter's name, contact and NIK."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.identity import reporter_identity
from domain.db import db
from domain.enums import Role
from domain.errors import Forbidden
from tests.factories import case_in, create_user

REPORTER = {"name": "Budi Santoso", "phone": "+6281234567890", "email": "budi@example.org",
            "nik": "1271012345678901"}


def _disposed(**overrides):
    """A verified case, disposed to Dinas Kesehatan Kota Medan."""
    case = case_in("follow_up", reporter=REPORTER, **overrides)
    assert case.unit.code == "medan.health"
    return case


def _views(case) -> int:
    return db.session.execute(
        sa.select(sa.func.count()).select_from(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "identity_viewed")
    ).scalar()


def test_anonymous_identity_only_for_the_verifying_role(world):
    case = _disposed(anonymous=True)
    with pytest.raises(Forbidden):
        reporter_identity(case, actor=create_user(Role.LIAISON, "medan.health"))
    seen = reporter_identity(case, actor=create_user(Role.COORDINATOR, "medan.secretariat"),
                            reason="Verifikasi: pelapor perlu dihubungi")
    assert seen.name == "Budi Santoso" and seen.nik == REPORTER["nik"]
    assert _views(case) == 1


def test_handling_officers_see_name_and_contact_of_a_named_reporter_but_not_the_nik(world):
    case = _disposed(anonymous=False)
    seen = reporter_identity(case, actor=create_user(Role.LIAISON, "medan.health"))
    assert (seen.name, seen.phone, seen.email) == ("Budi Santoso", "+6281234567890",
                                                  "budi@example.org")
    assert seen.nik is None
    assert _views(case) == 1


def test_auditors_never_see_identities(world):
    case = _disposed(anonymous=False)
    with pytest.raises(Forbidden):
        reporter_identity(case, actor=create_user(Role.AUDITOR))
    assert _views(case) == 0
