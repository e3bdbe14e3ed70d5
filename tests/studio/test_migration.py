"""Moving running cases to a newer version (domain/processes/migration.py)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import Case
from domain.db import db
from domain.enums import Role
from domain.errors import Forbidden, InvalidData
from domain.processes.migration import migrate_cases
from tests.factories import complete, ready_task, submit
from tests.studio import variants as v
from tests.studio.helpers import deploy_edit, make_user, review_bpmn


def _to_follow_up(case: Case, users: dict) -> None:
    complete(case, "verify", users["verifier"], decision="valid", summary="Obat kosong",
             unit_code="medan.health")


def _events(case: Case) -> list[str]:
    return list(db.session.execute(
        sa.select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.seq)
    ).scalars())


def test_running_cases_move_and_follow_the_new_diagram(world):
    users = world["users"]
    at_verify, at_follow_up = submit().case, submit().case
    _to_follow_up(at_follow_up, users)
    second = make_user("owner.two", Role.PROCESS_OWNER)
    v2 = deploy_edit(review_bpmn(), users["owner"], second, forms=v.review_forms())
    task_id = ready_task(at_follow_up, "follow_up").id

    report = migrate_cases(world["version"], v2, users["owner"])
    assert sorted(report.migrated) == sorted([at_verify.tracking_id, at_follow_up.tracking_id])
    assert report.skipped == []
    assert at_follow_up.process_version_id == v2.id
    assert ready_task(at_follow_up, "follow_up").id == task_id  # the same task, not a new one
    assert _events(at_follow_up)[-1] == "case_migrated"
    complete(at_follow_up, "follow_up", users["liaison.health"], decision="answer", answer="Ok.")
    ready_task(at_follow_up, "review")


def test_case_waiting_on_a_removed_task_is_skipped_with_the_reason(world):
    users = world["users"]
    second = make_user("owner.two", Role.PROCESS_OWNER)
    v2 = deploy_edit(review_bpmn(), users["owner"], second, forms=v.review_forms())
    stuck, fine = submit().case, submit().case
    _to_follow_up(stuck, users)
    complete(stuck, "follow_up", users["liaison.health"], decision="answer", answer="Ok.")
    ready_task(stuck, "review")
    v3 = deploy_edit(v.renamed(v.shipped_bpmn(), "verify", "Verifikasi"), users["owner"], second)

    report = migrate_cases(v2, v3, second)
    assert report.migrated == [fine.tracking_id]
    assert report.skipped == [{
        "tracking_id": stuck.tracking_id,
        "reason": "the case waits on elements the new version does not have",
        "elements": ["review"],
    }]
    assert stuck.process_version_id == v2.id
    assert _events(stuck)[-1] == "case_migration_refused"
    assert ready_task(fine, "verify").label == "Verifikasi"  # open task rows take the new name


def test_migration_needs_an_owner_and_a_newer_version(world):
    users = world["users"]
    second = make_user("owner.two", Role.PROCESS_OWNER)
    v2 = deploy_edit(review_bpmn(), users["owner"], second, forms=v.review_forms())
    with pytest.raises(InvalidData):
        migrate_cases(v2, world["version"], users["owner"])
    with pytest.raises(Forbidden):
        migrate_cases(world["version"], v2, make_user("owner.medan", Role.PROCESS_OWNER,
                                                      "medan.secretariat"))
