"""Drafts, validation and the four-eyes approval (domain/processes/drafts.py)."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

import engine
from domain.audit.models import CaseEvent
from domain.audit.operations import verify_chain
from domain.enums import DraftStatus, Role
from domain.errors import Conflict, Forbidden, NotFound
from domain.processes import drafts
from domain.processes.migration import diff_versions
from domain.processes.operations import latest_version, model_by_key
from tests.factories import submit
from tests.studio import variants as v
from tests.studio.helpers import deploy_edit, make_user, review_bpmn

MARKER = "/tmp/aduan-pwned"


def db_session_kinds():
    from domain.db import db

    return db.session.execute(
        sa.select(CaseEvent.kind).where(CaseEvent.chain == "system").order_by(CaseEvent.seq)
    ).scalars()


def test_validation_names_the_element_and_runs_nothing(world):
    owner = world["users"]["owner"]
    model = model_by_key("complaint")
    draft = drafts.save_draft(model, v.with_os_script(v.shipped_bpmn()), actor=owner)
    issues = drafts.validate_draft(draft, actor=owner)
    assert [i.element_id for i in issues] == ["init"]
    assert "import" in issues[0].message
    assert draft.issues == [{"element_id": "init", "message": issues[0].message}]
    assert not os.path.exists(MARKER)
    with pytest.raises(engine.DeployError):
        drafts.submit_for_approval(draft, actor=owner)
    assert draft.status == DraftStatus.DRAFT
    assert latest_version("complaint").number == 1


def test_lint_issue_carries_the_element_id(world):
    owner = world["users"]["owner"]
    xml = v.with_property(v.shipped_bpmn(), "follow_up_late", "rule", "no_such_rule")
    draft = drafts.save_draft(model_by_key("complaint"), xml, actor=owner)
    issues = drafts.validate_draft(draft, actor=owner)
    assert [(i.element_id, "no_such_rule" in i.message) for i in issues] == [
        ("follow_up_late", True)
    ]


def test_author_cannot_approve_own_draft(world):
    owner = world["users"]["owner"]
    draft = drafts.save_draft(model_by_key("complaint"), review_bpmn(), None, v.review_forms(),
                              actor=owner)
    drafts.submit_for_approval(draft, actor=owner)
    with pytest.raises(Forbidden):
        drafts.approve_and_deploy(draft, actor=owner)
    with pytest.raises(NotFound):  # a liaison does not even see process models
        drafts.approve_and_deploy(draft, actor=world["users"]["liaison.health"])
    assert draft.status == DraftStatus.SUBMITTED
    assert latest_version("complaint").number == 1


def test_second_owner_deploys_version_two_with_audit_trail(world):
    owner = world["users"]["owner"]
    second = make_user("owner.two", Role.PROCESS_OWNER)
    version = deploy_edit(review_bpmn(), owner, second, forms=v.review_forms())
    assert version.number == 2 and version.deployed_by_id == second.id
    assert latest_version("complaint").id == version.id
    kinds = list(db_session_kinds())
    assert kinds[-3:] == ["process_draft_submitted", "process_draft_approved", "process_deployed"]
    assert verify_chain("system") == []


def test_sysadmin_may_approve(world):
    version = deploy_edit(
        v.renamed(v.shipped_bpmn(), "verify", "Verifikasi"), world["users"]["owner"],
        world["users"]["sysadmin"],
    )
    assert version.number == 2


def test_approving_known_content_ends_approved_without_a_new_version(world):
    owner, sysadmin = world["users"]["owner"], world["users"]["sysadmin"]
    draft = drafts.save_draft(model_by_key("complaint"), v.shipped_bpmn(), actor=owner)
    drafts.submit_for_approval(draft, actor=owner)
    version = drafts.approve_and_deploy(draft, actor=sysadmin)
    assert version.number == 1 and draft.status == DraftStatus.APPROVED


def test_reject_returns_the_draft_to_its_author(world):
    owner, sysadmin = world["users"]["owner"], world["users"]["sysadmin"]
    model = model_by_key("complaint")
    draft = drafts.save_draft(model, review_bpmn(), None, v.review_forms(), actor=owner)
    drafts.submit_for_approval(draft, actor=owner)
    with pytest.raises(Conflict):
        drafts.save_draft(model, v.shipped_bpmn(), actor=owner, draft=draft)
    drafts.reject(draft, actor=sysadmin, note="Form review belum jelas")
    assert draft.status == DraftStatus.REJECTED and draft.decided_by_id == sysadmin.id
    drafts.save_draft(model, review_bpmn(9), actor=owner, draft=draft)
    assert draft.status == DraftStatus.DRAFT and draft.decided_by_id is None
    assert draft.forms["review"]  # forms kept from the earlier save
    with pytest.raises(Forbidden):
        drafts.save_draft(model, v.shipped_bpmn(), actor=sysadmin, draft=draft)


def test_running_cases_stay_while_new_cases_start_on_the_new_version(world):
    old_case = submit().case
    second = make_user("owner.two", Role.PROCESS_OWNER)
    version = deploy_edit(review_bpmn(), world["users"]["owner"], second, forms=v.review_forms())
    new_case = submit().case
    assert old_case.process_version_id == world["version"].id
    assert new_case.process_version_id == version.id


def test_diff_versions_lists_elements_and_forms(world):
    second = make_user("owner.two", Role.PROCESS_OWNER)
    version = deploy_edit(review_bpmn(), world["users"]["owner"], second, forms=v.review_forms())
    diff = diff_versions(world["version"], version)
    assert [a["element_id"] for a in diff["added"]] == ["review"]
    assert diff["forms"]["added"] == ["review"]
    assert "follow_up_late" in {c["element_id"] for c in diff["changed"]}


def test_agency_owner_edits_only_the_agency_copy(world):
    from domain.org.operations import agency_by_code
    from domain.processes.operations import copy_model

    medan = agency_by_code("pemkot-medan")
    local = make_user("owner.medan", Role.PROCESS_OWNER, "medan.secretariat")
    with pytest.raises(Forbidden):
        drafts.save_draft(model_by_key("complaint"), v.shipped_bpmn(), actor=local)
    copy = copy_model("complaint", medan, actor=world["users"]["owner"])
    assert copy.key == "complaint-pemkot-medan" and copy.agency_id == medan.id
    draft = drafts.save_draft(copy, review_bpmn(), None, v.review_forms(), actor=local)
    assert draft.model_id == copy.id
