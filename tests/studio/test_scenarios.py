"""Scenarios with the draft: checked on save, run on their own clock, and approval waits for
every one of them to pass."""

from __future__ import annotations

import copy

import pytest

from domain.enums import DraftStatus, Role
from domain.errors import InvalidData
from domain.processes import draft_scenarios, drafts
from domain.processes.operations import latest_version, model_by_key
from tests.studio import variants as v
from tests.studio.helpers import make_user

GOOD = {"name": "Valid", "when": [{"complete": "verify", "with": {
    "decision": "valid", "summary": "Obat kosong", "unit_code": "medan.health"}}],
    "then": {"task": "follow_up", "deadline": 5}}


def _draft(owner, bpmn=None):
    return drafts.save_draft(model_by_key("complaint"), bpmn or v.shipped_bpmn(), actor=owner)


def _by_name(found):
    return {r.name: r for r in found}


def test_a_new_draft_starts_with_the_versions_scenarios(world):
    draft = _draft(world["users"]["owner"])
    assert draft.scenarios == latest_version().scenarios and len(draft.scenarios) >= 15


@pytest.mark.parametrize("bad", [
    {"scenarios": "not a list"}, [{"name": "x"}], [{"name": "x", "then": {}}],
    [{"name": "x", "then": {"status": "closed"}, "when": [{"wait": 5, "complete": "verify"}]}],
    [{"name": "x", "then": {"status": "closed"}, "when": [{"run": "import os"}]}],
    [{"name": "x", "then": {"status": "closed"}, "when": [{"wait": 999}]}],
])
def test_malformed_scenarios_are_refused_on_save_and_keep_the_old_ones(world, bad):
    draft = _draft(world["users"]["owner"])
    before = copy.deepcopy(draft.scenarios)
    with pytest.raises(InvalidData) as error:
        draft_scenarios.save_scenarios(draft, bad, actor=world["users"]["owner"])
    assert error.value.reason == "scenarios_invalid" and error.value.details
    assert draft.scenarios == before


def test_failures_name_the_step_the_form_and_the_expectation(world):
    owner = world["users"]["owner"]
    draft = _draft(owner)
    late = copy.deepcopy(GOOD) | {"name": "Wrong task"}
    late["when"][0]["complete"] = "follow_up"
    no_unit = copy.deepcopy(GOOD) | {"name": "Bad form"}
    no_unit["when"][0]["with"] = {"decision": "valid", "colour": "red"}
    wrong = copy.deepcopy(GOOD) | {"name": "Wrong days", "then": {"deadline": 3}}
    draft_scenarios.save_scenarios(draft, [GOOD, late, no_unit, wrong], actor=owner)
    found = _by_name(draft_scenarios.results(draft))
    assert found["Valid"].passed and found["Valid"].waiting == ["follow_up"]
    assert found["Valid"].path[:4] == ["start", "init", "route", "verify"]
    assert found["Wrong task"].failures == [("task_not_waiting", {
        "step": 1, "task": "follow_up", "waiting": ["verify"]})]
    code, values = found["Bad form"].failures[0]
    assert code == "form_invalid" and values["task"] == "verify"
    assert found["Wrong days"].failures == [("expected", {"what": "deadline", "expected": 3,
                                                          "actual": 5})]


def test_approval_waits_until_a_scenario_for_the_old_deadline_is_updated(world):
    owner = world["users"]["owner"]
    second = make_user("owner.two", Role.PROCESS_OWNER)
    draft = _draft(owner, v.with_follow_up_days(v.shipped_bpmn(), 4))
    draft_scenarios.save_scenarios(draft, [GOOD], actor=owner)
    drafts.submit_for_approval(draft, actor=owner)
    with pytest.raises(InvalidData) as error:
        drafts.approve_and_deploy(draft, actor=second)
    assert error.value.reason == "scenarios_failing"
    assert error.value.details == {"scenarios": ["Valid"]}
    assert draft.status == DraftStatus.SUBMITTED and latest_version().number == 1

    drafts.reject(draft, actor=second, note="Skenario masih 5 hari kerja.")
    fixed = copy.deepcopy(GOOD)
    fixed["then"]["deadline"] = 4
    draft_scenarios.save_scenarios(draft, [fixed], actor=owner)
    drafts.submit_for_approval(draft, actor=owner)
    version = drafts.approve_and_deploy(draft, actor=second)
    assert version.number == 2 and version.scenarios == [fixed]


def test_a_run_that_fires_too_many_deadlines_stops_with_a_failure(world, monkeypatch):
    from domain.processes import scenarios

    owner = world["users"]["owner"]
    draft = _draft(owner)
    chain = {"name": "Eskalasi", "when": [
        {"complete": "verify", "with": GOOD["when"][0]["with"]}, {"wait": 5}, {"wait": 2}],
        "then": {"task": "follow_up_coordinator"}}
    draft_scenarios.save_scenarios(draft, [chain], actor=owner)
    assert draft_scenarios.results(draft)[0].passed
    monkeypatch.setattr(scenarios, "MAX_FIRES", 1)
    [result] = draft_scenarios.results(draft)
    assert result.failures == [("too_many_timers", {"limit": 1})]
