"""The shipped default lifecycle runs every path on plain SpiffWorkflow: happy path, holds,
forwards, reopen, silence and every deadline."""

from __future__ import annotations

import jsonschema
import pytest
from SpiffWorkflow.bpmn.specs.defaults import BoundaryEvent
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimeDateEventDefinition
from SpiffWorkflow.spiff.specs.defaults import UserTask
from SpiffWorkflow.util.task import TaskState

from tests.engine.default_process import (
    FUTURE,
    PAST,
    RULES,
    bpmn_specs,
    complete,
    finished_at,
    parse,
    start,
    waiting_on,
)


@pytest.fixture(scope="module")
def parser():
    return parse()


@pytest.fixture(scope="module")
def spec(parser):
    return parser.get_spec("complaint")


# ------------------------------------------------------------------------- running


def test_happy_path_closes_at_closed(parser):
    wf = start(parser)
    assert waiting_on(wf) == ["verify"]
    complete(
        wf,
        "verify",
        decision="valid",
        summary="Puskesmas tutup",
        unit_code="medan.health",
        category="health",
    )
    assert waiting_on(wf) == ["follow_up"]
    complete(wf, "follow_up", decision="answer", answer="Jadwal layanan sudah diperbaiki.")
    assert waiting_on(wf) == ["reporter_response"]
    complete(wf, "reporter_response", action="accept", rating=5)
    assert finished_at(wf) == "closed"
    data = wf.last_task.data
    assert (data["holds"], data["forwards"], data["reopens"], data["rating"]) == (0, 0, 0, 5)


@pytest.mark.parametrize(
    ("category", "region", "unit"),
    [
        ("health", "12.71", "medan.health"),
        ("roads", "12.71", "medan.works"),
        ("education", "12.71", "medan.secretariat"),
        ("other", "31.71", ""),
        ("health", "31.71", ""),
    ],
)
def test_routing_dmn(parser, category, region, unit):
    wf = start(parser, category=category, region=region)
    [verify] = wf.get_tasks(state=TaskState.READY, manual=True)
    # A suggestion only: the disposition (unit_code) is the verifier's.
    assert verify.data["routed_unit"] == unit and "unit_code" not in verify.data


def test_hold_loops_to_the_reporter_then_escalates_after_the_limit(parser):
    wf = start(parser)
    for _ in range(2):
        complete(wf, "verify", decision="hold", question="Puskesmas yang mana?")
        assert waiting_on(wf) == ["reporter_info"]
        complete(wf, "reporter_info", additional_info="Puskesmas Padang Bulan")
    complete(wf, "verify", decision="hold", question="Masih kurang jelas")
    assert waiting_on(wf) == ["verify_national"]
    complete(wf, "verify_national", decision="archive", reason="Tidak dapat ditindaklanjuti")
    assert finished_at(wf) == "archived"
    assert wf.last_task.data["holds"] == 2


def test_forwarding_and_hand_back_stop_at_the_limit(parser):
    wf = start(parser)
    complete(wf, "verify", decision="not_authority", target_agency="pln", reason="Listrik")
    assert waiting_on(wf) == ["verify"]
    data = wf.get_tasks(state=TaskState.READY, manual=True)[0].data
    assert (data["forwards"], data["agency_code"], data["unit_code"]) == (1, "pln", "")
    complete(wf, "verify", decision="valid", summary="s", unit_code="pln.medan")
    complete(wf, "follow_up", decision="not_authority", reason="Wewenang pusat")
    assert waiting_on(wf) == ["verify"]
    complete(wf, "verify", decision="valid", summary="s", unit_code="pln.pusat")
    complete(wf, "follow_up", decision="not_authority", reason="Bukan kami juga")
    assert waiting_on(wf) == ["follow_up_coordinator"]
    complete(wf, "follow_up_coordinator", decision="answer", answer="Ditangani koordinator.")
    complete(wf, "reporter_response", action="accept")
    assert finished_at(wf) == "closed"


def test_reopen_is_allowed_once(parser):
    wf = start(parser)
    complete(wf, "verify", decision="valid", summary="s", unit_code="medan.health")
    complete(wf, "follow_up", decision="answer", answer="a")
    complete(wf, "reporter_response", action="reopen", comment="Belum diperbaiki")
    assert waiting_on(wf) == ["follow_up"]
    complete(wf, "follow_up", decision="answer", answer="b")
    # The second round's form has no reopen at all.
    assert waiting_on(wf) == ["reporter_response_final"]
    with pytest.raises(jsonschema.ValidationError):
        complete(wf, "reporter_response_final", action="reopen", comment="Tetap belum")
    complete(wf, "reporter_response_final", action="accept", rating=2, comment="Lambat")
    assert finished_at(wf) == "closed_after_reopen"
    assert (wf.last_task.data["reopens"], wf.last_task.data["rating"]) == (1, 2)


def test_silence_after_a_reopen_closes(parser):
    wf = start(parser, working_days=lambda n: PAST if n == 10 else FUTURE)
    complete(wf, "verify", decision="valid", summary="s", unit_code="medan.health")
    complete(wf, "follow_up", decision="answer", answer="a")
    assert finished_at(wf) == "closed_silence"


def test_an_escalated_answer_after_a_reopen_gets_the_final_response_form(parser):
    wf = start(parser)
    complete(wf, "verify", decision="valid", summary="s", unit_code="medan.health")
    complete(wf, "follow_up", decision="answer", answer="a")
    complete(wf, "reporter_response", action="reopen", comment="Belum diperbaiki")
    complete(wf, "follow_up", decision="not_authority", reason="Bukan kami")
    complete(wf, "verify", decision="valid", summary="s", unit_code="medan.works")
    complete(wf, "follow_up", decision="answer", answer="b")
    assert waiting_on(wf) == ["reporter_response_final"]


def test_deadlines_escalate_through_every_timer(parser):
    wf = start(parser, working_days=lambda n: PAST)  # every deadline is already over
    # The national admin's own deadline passed too, but it only records the lateness.
    assert waiting_on(wf) == ["verify_national"]
    complete(wf, "verify_national", decision="valid", summary="s", unit_code="medan.health")
    # liaison 5 HK, supervisor 2 HK, coordinator 2 HK: the national admin answers.
    assert waiting_on(wf) == ["follow_up_national"]
    complete(wf, "follow_up_national", decision="answer", answer="a")
    assert finished_at(wf) == "closed_silence"


def test_every_waiting_task_has_a_deadline(spec):
    """No user task waits forever: each carries a timer naming its legal rule."""
    user_tasks = [n for n, ts in bpmn_specs(spec).items() if isinstance(ts, UserTask)]
    assert user_tasks
    for host in user_tasks:
        split = spec.task_specs.get(f"{host}.BoundaryEventSplit")
        assert split is not None, f"{host} waits without a deadline"
        rules = [
            ts.extensions["properties"].get("rule")
            for ts in split.outputs
            if isinstance(ts, BoundaryEvent)
            and isinstance(ts.event_definition, TimeDateEventDefinition)
        ]
        assert rules and set(rules) <= RULES, host


def test_reporter_silence_on_hold_archives(parser):
    # only the 10 HK deadlines are over: verification's 3 HK timer keeps waiting
    wf = start(parser, working_days=lambda n: PAST if n == 10 else FUTURE)
    assert waiting_on(wf) == ["verify"]
    complete(wf, "verify", decision="hold", question="Puskesmas yang mana?")
    assert finished_at(wf) == "archived_no_reply"
    assert wf.last_task.data["holds"] == 1
