"""The new lifecycles are edited in the studio like the complaint's: an owner shortens the
PPID's answer to 9 working days; the shipped scenario that expects 10 blocks approval until
it is updated; after approval the next information request gets 9 working days."""

from __future__ import annotations

import pytest

from domain.enums import CaseKind, Role
from domain.errors import DomainError
from domain.processes import draft_scenarios, drafts
from domain.processes.operations import SHIPPED, model_by_key
from tests.factories import ready_task, submit
from tests.kinds.support import IR
from tests.studio.helpers import make_user

TIMER = '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">working_days(10)</bpmn:timeDate>'


def test_the_ppid_deadline_is_shortened_in_the_studio_and_reaches_new_requests(world):
    owner, second = world["users"]["owner"], make_user("owner.ir", Role.PROCESS_OWNER)
    model = model_by_key("information_request")
    shipped = SHIPPED[CaseKind.INFORMATION_REQUEST]
    assert shipped.bpmn().count(TIMER) == 1  # the answer's timer; the others are 7, 2, 30
    edited = shipped.bpmn().replace(TIMER, TIMER.replace("(10)", "(9)"))
    draft = drafts.save_draft(model, edited, actor=owner, note="PPID menjawab dalam 9 HK")
    assert drafts.validate_draft(draft, actor=owner) == []
    failing = [r.name for r in draft_scenarios.results(draft) if not r.passed]
    assert failing == ["Permintaan baru: PPID menjawab dalam 10 hari kerja"]
    drafts.submit_for_approval(draft, actor=owner)
    with pytest.raises(DomainError):  # a failing scenario refuses the approval
        drafts.approve_and_deploy(draft, actor=second)
    drafts.reject(draft, actor=second, note="Perbarui skenarionya.")
    scenarios = [dict(s) for s in shipped.scenarios()]
    scenarios[0] = {**scenarios[0], "then": {**scenarios[0]["then"], "deadline": 9}}
    draft_scenarios.save_scenarios(draft, scenarios, actor=owner)
    drafts.submit_for_approval(draft, actor=owner)
    version = drafts.approve_and_deploy(draft, actor=second)
    assert version.number == 2 and version.meta["ir_answer_late"]["timer_working_days"] == 9
    task = ready_task(submit(**IR).case, "ir_answer")
    assert task.due_rule == "information_answer_10hk" and task.due_working_days == 9
