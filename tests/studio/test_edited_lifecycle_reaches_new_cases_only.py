"""Issue 5's "done when": an owner shortens the follow-up deadline and adds a review step;
the next complaint follows the new diagram while an older case finishes on the old one.

A rule's working days are the legal maximum: an agency may publish a shorter standard
(4 HK instead of 5), never a longer one, and every page says the deadline's own days."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

import engine
from domain.cases.history import Audience, timeline
from domain.cases.models import Timer
from domain.cases.responses import reporter_respond
from domain.db import db
from domain.enums import CaseStatus, Role, TimerStatus
from domain.processes import draft_scenarios, drafts
from domain.processes.migration import diff_versions
from domain.processes.operations import compile_definition, model_by_key
from domain.sla.operations import load_calendar
from reports.context import deadline
from tests.factories import complete, ready_task, submit
from tests.studio import variants as v
from tests.studio.helpers import make_user
from web.api.labels import rule_json


def _dispose(case, users):
    complete(case, "verify", users["verifier"], decision="valid", summary="Obat kosong",
             unit_code="medan.health")


def _follow_up_timer(case) -> Timer:
    return db.session.execute(sa.select(Timer).where(
        Timer.case_id == case.id, Timer.spec == "follow_up_late",
        Timer.status == TimerStatus.PENDING)).scalar_one()


def test_new_complaint_follows_the_edited_lifecycle_old_one_finishes_on_its_own(world, clock):
    users = world["users"]
    calendar = load_calendar()
    old = submit()
    _dispose(old.case, users)
    old_due = ready_task(old.case, "follow_up").due_at
    assert old_due == calendar.add_working_days(clock.now(), 5)
    assert _follow_up_timer(old.case).working_days == 5

    # The owner edits in the studio: working_days(5) -> working_days(4), a review step.
    owner, second = users["owner"], make_user("owner.two", Role.PROCESS_OWNER)
    draft = drafts.save_draft(model_by_key("complaint"), v.shipped_bpmn(), actor=owner)
    edited = v.with_review_step(v.with_follow_up_days(draft.bpmn_xml, 4))
    draft = drafts.save_draft(draft.model, edited, None, v.review_forms(), actor=owner,
                              draft=draft, note="review sebelum jawaban; tindak lanjut 4 HK")
    assert drafts.validate_draft(draft, actor=owner) == []
    draft_scenarios.save_scenarios(draft, [], actor=owner)  # the shipped ones describe v1
    drafts.submit_for_approval(draft, actor=owner)
    version = drafts.approve_and_deploy(draft, actor=second)
    assert version.meta["follow_up_late"]["timer_working_days"] == 4
    diff = diff_versions(world["version"], version)
    assert [a["element_id"] for a in diff["added"]] == ["review"]

    new = submit()
    assert new.case.process_version_id == version.id
    _dispose(new.case, users)
    follow_up = ready_task(new.case, "follow_up")
    assert follow_up.due_at == calendar.add_working_days(clock.now(), 4)
    assert _follow_up_timer(new.case).working_days == 4
    assert follow_up.due_working_days == new.case.due_working_days == 4
    # Every place the deadline is shown says 4, not the rule's maximum of 5.
    [step] = [s for s in timeline(new.case, Audience.PUBLIC)
              if s.kind == "task_assigned" and s.rule and s.rule.id == "follow_up_5hk"]
    assert step.working_days == 4
    with force_locale("id"):
        label = rule_json(step.rule, step.working_days)
    assert label["label"] == "Tindak lanjut instansi dalam 4 hari kerja sejak disposisi"
    assert label["working_days"] == 4 and label["max_working_days"] == 5
    with force_locale("en"):
        assert rule_json(step.rule, 4)["label"] == \
            "Agency follow-up within 4 working days of disposition"
    assert "4 hari kerja" in deadline(new.case.due_at, new.case.due_rule,
                                      new.case.due_working_days)["rule"]
    complete(new.case, "follow_up", users["liaison.health"], decision="answer", answer="Sudah.")
    review = ready_task(new.case, "review")
    assert review.lane == "liaison" and review.form == "review"
    complete(new.case, "review", users["liaison.health"], approved="yes", note="Jawaban baik.")
    ready_task(new.case, "reporter_response")

    # The older case: still on version 1, no review step, its 5-day deadline kept.
    assert old.case.process_version_id == world["version"].id
    complete(old.case, "follow_up", users["liaison.health"], decision="answer", answer="Sudah.")
    ready_task(old.case, "reporter_response")
    reporter_respond(old.case.tracking_id, old.reporter_key, {"action": "accept",
                                                                     "rating": 4})
    assert old.case.status == CaseStatus.CLOSED


def test_a_deadline_longer_than_its_rule_allows_is_refused_naming_the_timer(world):
    owner = world["users"]["owner"]
    draft = drafts.save_draft(model_by_key("complaint"), v.shipped_bpmn(), actor=owner)
    longer = v.with_review_step(v.with_follow_up_days(draft.bpmn_xml, 7))
    draft = drafts.save_draft(draft.model, longer, None, v.review_forms(), actor=owner,
                              draft=draft)
    issues = drafts.validate_draft(draft, actor=owner)
    assert [(i.element_id, i.message) for i in issues] == [(
        "follow_up_late",
        "deadline of 7 working days exceeds the 5 allowed by rule follow_up_5hk")]
    with pytest.raises(engine.DeployError):
        compile_definition(longer, v.shipped_dmn(), v.review_forms())
