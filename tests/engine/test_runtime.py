"""The engine adapter: spec stored once, state restored whatever the key order, timers forced."""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import pytest

import engine
from domain.processes.vocabulary import VOCABULARY
from domain.sla.rules import RULES
from forms.registry import shipped_forms

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
HELPERS = {"working_days": lambda n: f"2099-01-{1 + int(n):02d}T16:59:59+00:00"}
START = {"category": "health", "region": "12.71", "kind": "complaint", "title": "x"}


@lru_cache(maxsize=1)
def compiled() -> engine.CompiledProcess:
    return engine.compile_process(
        (BPMN / "complaint.bpmn").read_text(encoding="utf-8"),
        [(BPMN / "routing.dmn").read_text(encoding="utf-8")],
        shipped_forms(),
        known_rules=set(RULES),
        vocabulary=VOCABULARY,
    )


def _start() -> engine.RunResult:
    process = compiled()
    return engine.start(process.spec, process.meta, START, HELPERS, vocabulary=VOCABULARY)


def test_start_waits_on_verify_with_its_timer():
    result = _start()
    assert [t.spec for t in result.ready_tasks] == ["verify"]
    task = result.ready_tasks[0]
    assert (task.lane, task.form, task.status) == ("coordinator", "verify", "verification")
    assert [(t.spec, t.rule, t.attached_to) for t in result.timers] == [
        ("verify_late", "verify_3hk", "verify")
    ]
    assert result.timers[0].due_at.isoformat() == "2099-01-04T16:59:59+00:00"
    # The routing table only suggests a unit; the verifier disposes (unit_code).
    assert result.data["routed_unit"] == "medan.health" and "unit_code" not in result.data


def test_run_hands_back_only_the_vocabularys_data_keys():
    process = compiled()
    narrow = dataclasses.replace(VOCABULARY, data_keys=("routed_unit", "kind"))
    result = engine.start(process.spec, process.meta, START, HELPERS, vocabulary=narrow)
    assert result.data == {"routed_unit": "medan.health", "kind": "complaint"}


def test_state_holds_no_spec():
    result = _start()
    assert "spec" not in result.state and "subprocess_specs" not in result.state
    assert len(json.dumps(result.state)) < len(json.dumps(compiled().spec))


def test_restore_does_not_depend_on_key_order():
    """PostgreSQL JSONB reorders keys; data deltas must still rebuild against their parents."""
    process = compiled()
    ready = _start()
    shuffled = json.loads(json.dumps(ready.state))
    items = list(shuffled["tasks"].items())
    random.Random(7).shuffle(items)
    shuffled["tasks"] = dict(items)
    result = engine.complete(process.spec, process.meta, shuffled, ready.ready_tasks[0].task_id,
                             {"decision": "hold", "question": "?"}, HELPERS, vocabulary=VOCABULARY)
    assert [t.spec for t in result.ready_tasks] == ["reporter_info"]
    assert result.data["holds"] == 1


def test_completing_an_unknown_task_is_a_lookup_error():
    process = compiled()
    with pytest.raises(LookupError):
        engine.complete(process.spec, process.meta, _start().state, "not-a-task", {}, HELPERS,
                        vocabulary=VOCABULARY)


def test_forced_timer_fires_and_escalates():
    process = compiled()
    started = _start()
    result = engine.fire_timers(process.spec, process.meta, started.state,
                                [started.timers[0].task_id], HELPERS, vocabulary=VOCABULARY)
    assert result.fired_timers == [started.timers[0].task_id]
    assert [t.spec for t in result.ready_tasks] == ["verify_national"]
    assert result.ready_tasks[0].escalation == 1


def test_firing_an_unknown_timer_changes_nothing():
    process = compiled()
    started = _start()
    result = engine.fire_timers(process.spec, process.meta, started.state, ["nope"], HELPERS,
                                vocabulary=VOCABULARY)
    assert result.fired_timers == [] and [t.spec for t in result.ready_tasks] == ["verify"]


def test_a_failing_script_becomes_an_engine_error():
    process = compiled()
    broken = dict(START)
    started = engine.start(process.spec, process.meta, broken, HELPERS, vocabulary=VOCABULARY)
    with pytest.raises(engine.EngineError):
        # `decision` is missing, so every gateway condition fails to evaluate.
        engine.complete(process.spec, process.meta, started.state,
                        started.ready_tasks[0].task_id, {}, HELPERS, vocabulary=VOCABULARY)


def test_engine_time_is_the_operations_time_not_the_wall_clock():
    """A deadline in the wall clock's past does not fire while the operation's clock is earlier."""
    process = compiled()
    past = datetime(2020, 3, 2, 9, tzinfo=UTC)
    helpers = {"working_days": lambda n: (past + timedelta(days=int(n))).isoformat()}
    started = engine.start(process.spec, process.meta, START, helpers, vocabulary=VOCABULARY,
                           now=past)
    assert [t.spec for t in started.ready_tasks] == ["verify"]
    assert started.fired_timers == []
    # Nothing forced; the operation simply happens after the due time: the timer fires and
    # is reported as fired (not silently cancelled).
    later = engine.fire_timers(process.spec, process.meta, started.state, [], helpers,
                               vocabulary=VOCABULARY, now=past + timedelta(days=5))
    assert later.fired_timers == [started.timers[0].task_id]
    assert [t.spec for t in later.ready_tasks] == ["verify_national"]


def test_a_non_interrupting_national_deadline_leaves_the_task_waiting():
    """The national level's timer only records lateness: same task, same status, and its
    branch's status-less end event never decides where the case ends."""
    process = compiled()
    started = _start()
    national = engine.fire_timers(process.spec, process.meta, started.state,
                                  [started.timers[0].task_id], HELPERS, vocabulary=VOCABULARY)
    [task] = national.ready_tasks
    [timer] = national.timers
    assert (timer.spec, timer.rule, timer.attached_to) == (
        "verify_national_late", "escalation_national_3hk", "verify_national")
    late = engine.fire_timers(process.spec, process.meta, national.state, [timer.task_id],
                              HELPERS, vocabulary=VOCABULARY)
    assert late.fired_timers == [timer.task_id] and late.timers == []
    assert [t.task_id for t in late.ready_tasks] == [task.task_id]
    assert (late.status, late.completed, late.end_event) == ("verification", False, None)
    done = engine.complete(process.spec, process.meta, late.state, task.task_id,
                           {"decision": "archive", "reason": "Duplikat"}, HELPERS,
                           vocabulary=VOCABULARY)
    assert (done.status, done.completed, done.end_event) == ("archived", True, "archived")
