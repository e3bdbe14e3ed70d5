"""engine.migrate: a running instance moves to a new version only where it can."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.processes.vocabulary import VOCABULARY
from domain.sla.rules import RULES
from engine import compile_process, complete, start
from engine.migrate import MigrationRefused, migrate, waiting_elements
from forms.registry import shipped_forms
from tests.studio import variants as v

NOW = datetime.now(UTC)
HELPERS = {"working_days": lambda n: (NOW + timedelta(days=int(n))).isoformat()}
DATA = {"kind": "complaint", "category": "health", "region": "12.71", "title": "t"}


def _compiled(xml, forms=None):
    return compile_process(xml, v.shipped_dmn(), forms or shipped_forms(), known_rules=set(RULES),
                            vocabulary=VOCABULARY)


def _at_follow_up(old):
    run = start(old.spec, old.meta, DATA, HELPERS, vocabulary=VOCABULARY)
    verify = run.ready_tasks[0]
    data = {"decision": "valid", "summary": "s", "unit_code": "medan.health"}
    return complete(old.spec, old.meta, run.state, verify.task_id, data, HELPERS,
                    vocabulary=VOCABULARY)


def test_case_at_follow_up_moves_and_then_meets_the_review_step():
    old = _compiled(v.shipped_bpmn())
    new = _compiled(
        v.with_review_step(v.with_follow_up_days(v.shipped_bpmn(), 7)), v.review_forms()
    )
    before = _at_follow_up(old)
    assert waiting_elements(old.spec, before.state) == ["follow_up", "follow_up_late"]
    after = migrate(old.spec, before.state, new.spec, new.meta, HELPERS, vocabulary=VOCABULARY)
    # Same task and timer ids; the running deadline keeps its due time.
    assert [t.task_id for t in after.ready_tasks] == [t.task_id for t in before.ready_tasks]
    assert [(t.task_id, t.due_at) for t in after.timers] == [
        (t.task_id, t.due_at) for t in before.timers
    ]
    task = after.ready_tasks[0]
    answered = complete(
        new.spec,
        new.meta,
        after.state,
        task.task_id,
        {"decision": "answer", "answer": "sudah"},
        HELPERS,
        vocabulary=VOCABULARY,
    )
    assert [t.spec for t in answered.ready_tasks] == ["review"]


def test_case_waiting_on_a_removed_task_is_refused():
    old = _compiled(v.with_review_step(v.shipped_bpmn()), v.review_forms())
    new = _compiled(v.shipped_bpmn())
    run = _at_follow_up(old)
    run = complete(
        old.spec,
        old.meta,
        run.state,
        run.ready_tasks[0].task_id,
        {"decision": "answer", "answer": "ok"},
        HELPERS,
        vocabulary=VOCABULARY,
    )
    assert [t.spec for t in run.ready_tasks] == ["review"]
    with pytest.raises(MigrationRefused) as refused:
        migrate(old.spec, run.state, new.spec, new.meta, HELPERS, vocabulary=VOCABULARY)
    assert refused.value.element_ids == ["review"]


def test_case_whose_history_passed_a_removed_task_is_refused():
    old = _compiled(v.with_review_step(v.shipped_bpmn()), v.review_forms())
    new = _compiled(v.shipped_bpmn())
    run = _at_follow_up(old)
    run = complete(
        old.spec,
        old.meta,
        run.state,
        run.ready_tasks[0].task_id,
        {"decision": "answer", "answer": "ok"},
        HELPERS,
        vocabulary=VOCABULARY,
    )
    run = complete(
        old.spec, old.meta, run.state, run.ready_tasks[0].task_id, {"approved": "yes"}, HELPERS,
        vocabulary=VOCABULARY,
    )
    assert [t.spec for t in run.ready_tasks] == ["reporter_response"]
    with pytest.raises(MigrationRefused) as refused:
        migrate(old.spec, run.state, new.spec, new.meta, HELPERS, vocabulary=VOCABULARY)
    assert "review" in refused.value.element_ids
