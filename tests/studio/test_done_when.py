"""Issue 5's "done when": an owner lengthens the follow-up deadline and adds a review step;
the next complaint follows the new diagram while an older case finishes on the old one."""

from __future__ import annotations

from domain.cases import operations as cases
from domain.enums import CaseStatus, Role
from domain.processes import drafts
from domain.processes.migration import diff_versions
from domain.processes.operations import model_by_key
from domain.sla.operations import load_calendar
from tests.factories import complete, ready_task, submit
from tests.studio import variants as v
from tests.studio.helpers import make_user


def _dispose(case, users):
    complete(case, "verify", users["verifier"], decision="valid", summary="Obat kosong",
             unit_code="medan.health")


def test_new_complaint_follows_the_edited_lifecycle_old_one_finishes_on_its_own(world, clock):
    users = world["users"]
    calendar = load_calendar()
    old = submit()
    _dispose(old.case, users)
    old_due = ready_task(old.case, "follow_up").due_at
    assert old_due == calendar.add_working_days(clock.now(), 5)

    # The owner edits in the studio: working_days(5) -> working_days(7), a review step.
    owner, second = users["owner"], make_user("owner.two", Role.PROCESS_OWNER)
    draft = drafts.save_draft(model_by_key("complaint"), v.shipped_bpmn(), actor=owner)
    edited = v.with_review_step(v.with_follow_up_days(draft.bpmn_xml, 7))
    draft = drafts.save_draft(draft.model, edited, None, v.review_forms(), actor=owner,
                              draft=draft, note="review sebelum jawaban; tindak lanjut 7 HK")
    assert drafts.validate_draft(draft, actor=owner) == []
    drafts.submit_for_approval(draft, actor=owner)
    version = drafts.approve_and_deploy(draft, actor=second)
    diff = diff_versions(world["version"], version)
    assert [a["element_id"] for a in diff["added"]] == ["review"]

    new = submit()
    assert new.case.process_version_id == version.id
    _dispose(new.case, users)
    follow_up = ready_task(new.case, "follow_up")
    assert follow_up.due_at == calendar.add_working_days(clock.now(), 7)
    complete(new.case, "follow_up", users["liaison.health"], decision="answer", answer="Sudah.")
    review = ready_task(new.case, "review")
    assert review.lane == "liaison" and review.form == "review"
    complete(new.case, "review", users["liaison.health"], approved="yes", note="Jawaban baik.")
    ready_task(new.case, "reporter_response")

    # The older case: still on version 1, no review step, its 5-day deadline kept.
    assert old.case.process_version_id == world["version"].id
    complete(old.case, "follow_up", users["liaison.health"], decision="answer", answer="Sudah.")
    ready_task(old.case, "reporter_response")
    cases.reporter_respond(old.case.tracking_id, old.reporter_key, {"action": "accept",
                                                                     "rating": 4})
    assert old.case.status == CaseStatus.CLOSED
