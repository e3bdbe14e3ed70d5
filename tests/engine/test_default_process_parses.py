"""The shipped default lifecycle (bpmn/complaint.bpmn, bpmn/routing.dmn, forms/*.json) parses,
follows docs/bpmn-conventions.md and runs on plain SpiffWorkflow."""

import json
from pathlib import Path

import jsonschema
import pytest
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.specs.defaults import BoundaryEvent, EndEvent
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimeDateEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.specs.defaults import UserTask
from SpiffWorkflow.util.task import TaskState

from domain.processes.vocabulary import VOCABULARY

ROOT = Path(__file__).resolve().parents[2]
BPMN = ROOT / "bpmn" / "complaint.bpmn"
DMN = ROOT / "bpmn" / "routing.dmn"
FORMS = ROOT / "forms"

FUTURE = "2099-01-01T00:00:00+00:00"
PAST = "2000-01-01T00:00:00+00:00"

# The shipped diagram uses the domain's vocabulary (domain/enums.py), all five roles included.
ROLES = set(VOCABULARY.roles)
TASK_STATUSES = set(VOCABULARY.task_statuses)
END_STATUSES = set(VOCABULARY.end_statuses)
RULES = {
    "verify_3hk",
    "reporter_hold_10hk",
    "follow_up_5hk",
    "escalation_supervisor_2hk",
    "escalation_coordinator_2hk",
    "escalation_national_3hk",
    "response_10hk",
}
FORM_KEYS = {
    "verify",
    "verify_final",
    "reporter_info",
    "follow_up",
    "follow_up_final",
    "reporter_response",
    "reporter_response_final",
}
NODE_IDS = {
    "start",
    "init",
    "route",
    "verify",
    "verify_late",
    "verify_national",
    "verify_national_late",
    "verify_national_overdue",
    "verify_decision",
    "count_hold",
    "reporter_info",
    "reporter_info_late",
    "archived_no_reply",
    "forward",
    "archived",
    "follow_up",
    "follow_up_late",
    "follow_up_supervisor",
    "supervisor_late",
    "follow_up_coordinator",
    "coordinator_late",
    "follow_up_national",
    "follow_up_national_late",
    "follow_up_national_overdue",
    "follow_up_decision",
    "hand_back",
    "reporter_response",
    "response_window",
    "closed_silence",
    "response_decision",
    "reopen",
    "closed",
    "reporter_response_final",
    "response_window_final",
    "closed_after_reopen",
    "closed_silence_after_reopen",
}
START_DATA = {
    "kind": "complaint",
    "category": "health",
    "region": "12.71",
    "title": "Puskesmas tutup di jam layanan",
}


def parse(validate=True):
    parser = SpiffBpmnParser(validator=VALIDATOR if validate else None)
    parser.add_bpmn_file(str(BPMN))
    parser.add_dmn_file(str(DMN))
    return parser


@pytest.fixture(scope="module")
def parser():
    return parse()


@pytest.fixture(scope="module")
def spec(parser):
    return parser.get_spec("complaint")


def bpmn_specs(spec):
    """Task specs that stand for a BPMN node (not Spiff's Start/End/boundary split-joins)."""
    return {name: ts for name, ts in spec.task_specs.items() if ts.bpmn_id is not None}


def start(parser, working_days=lambda n: FUTURE, **data):
    engine = PythonScriptEngine(environment=TaskDataEnvironment({"working_days": working_days}))
    wf = BpmnWorkflow(
        parser.get_spec("complaint"), parser.get_subprocess_specs("complaint"), script_engine=engine
    )
    first = wf.get_tasks(state=TaskState.READY)[0]
    first.data.update({**START_DATA, **data})
    wf.do_engine_steps()
    return wf


def waiting_on(wf):
    return sorted(t.task_spec.name for t in wf.get_tasks(state=TaskState.READY, manual=True))


def complete(wf, name, **data):
    ready = [
        t for t in wf.get_tasks(state=TaskState.READY, manual=True) if t.task_spec.name == name
    ]
    assert ready, f"{name} is not ready; waiting on {waiting_on(wf)}"
    task = ready[0]
    form = task.task_spec.extensions["properties"]["form"]
    jsonschema.Draft202012Validator(load_form(form)["schema"]).validate(data)
    task.data.update(data)
    task.run()
    wf.do_engine_steps()
    return task


def finished_at(wf):
    """The end event the instance finished at (a lateness branch's end has no status)."""
    assert wf.is_completed(), f"still waiting on {waiting_on(wf)}"
    ends = [
        t.task_spec.name
        for t in wf.get_tasks(state=TaskState.COMPLETED)
        if isinstance(t.task_spec, EndEvent)
        and t.task_spec.extensions.get("properties", {}).get("status")
    ]
    assert len(ends) == 1, ends
    return ends[0]


def load_form(key):
    return json.loads((FORMS / f"{key}.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------- parsing


def test_bpmn_and_dmn_parse_and_validate_against_the_schemas(parser, spec):
    assert parser.get_process_ids() == ["complaint"]
    assert spec.description == "Siklus Pengaduan / Complaint lifecycle"
    assert set(bpmn_specs(spec)) == NODE_IDS
    assert list(parser.dmn_parsers) == ["routing"]


def test_lanes_are_the_five_roles(spec):
    lanes = {ts.lane for ts in bpmn_specs(spec).values()}
    assert lanes == ROLES


def test_user_tasks_follow_the_conventions(spec):
    user_tasks = {n: ts for n, ts in bpmn_specs(spec).items() if isinstance(ts, UserTask)}
    assert set(user_tasks) == {
        "verify",
        "verify_national",
        "reporter_info",
        "follow_up",
        "follow_up_supervisor",
        "follow_up_coordinator",
        "follow_up_national",
        "reporter_response",
        "reporter_response_final",
    }
    for name, ts in user_tasks.items():
        props = ts.extensions["properties"]
        assert ts.lane in ROLES, name
        assert props["form"] in FORM_KEYS, name
        assert (FORMS / f"{props['form']}.json").is_file(), name
        assert props["status"] in TASK_STATUSES, name
        assert props.get("escalation", "1").isdigit(), name
        assert ts.extensions["instructionsForEndUser"].strip(), name
        assert ts.bpmn_name, name
    escalation = {n: ts.extensions["properties"].get("escalation") for n, ts in user_tasks.items()}
    assert escalation["verify_national"] == "1"
    assert escalation["follow_up_supervisor"] == "1"
    assert escalation["follow_up_coordinator"] == "2"
    assert escalation["follow_up_national"] == "3"
    assert user_tasks["follow_up_national"].lane == "national_admin"


def test_end_events_and_timers_follow_the_conventions(spec):
    specs = bpmn_specs(spec)
    ends = {
        n: ts.extensions.get("properties", {}).get("status")
        for n, ts in specs.items()
        if isinstance(ts, EndEvent)
    }
    assert ends == {
        "archived": "archived",
        "archived_no_reply": "archived",
        "closed": "closed",
        "closed_silence": "closed",
        "closed_after_reopen": "closed",
        "closed_silence_after_reopen": "closed",
        # The national level's lateness branches end without touching the case's status.
        "verify_national_overdue": None,
        "follow_up_national_overdue": None,
    }
    assert set(ends.values()) - {None} <= END_STATUSES
    timers = {n: ts for n, ts in specs.items() if isinstance(ts, BoundaryEvent)}
    expected = {
        "verify_late": ("verify", 3, "verify_3hk", True),
        "reporter_info_late": ("reporter_info", 10, "reporter_hold_10hk", True),
        "follow_up_late": ("follow_up", 5, "follow_up_5hk", True),
        "supervisor_late": ("follow_up_supervisor", 2, "escalation_supervisor_2hk", True),
        "coordinator_late": ("follow_up_coordinator", 2, "escalation_coordinator_2hk", True),
        # The national admin is the last level: the deadline marks the case late, the task
        # keeps waiting.
        "verify_national_late": ("verify_national", 3, "escalation_national_3hk", False),
        "follow_up_national_late": ("follow_up_national", 3, "escalation_national_3hk", False),
        "response_window": ("reporter_response", 10, "response_10hk", True),
        "response_window_final": ("reporter_response_final", 10, "response_10hk", True),
    }
    assert set(timers) == set(expected)
    for name, (host, days, rule, interrupting) in expected.items():
        ts = timers[name]
        assert isinstance(ts.event_definition, TimeDateEventDefinition), name
        assert ts.event_definition.expression == f"working_days({days})", name
        assert ts.cancel_activity is interrupting, name
        assert ts.extensions["properties"]["rule"] == rule, name
        assert rule in RULES
        # the boundary event hangs off its host's split
        split = spec.task_specs[f"{host}.BoundaryEventSplit"]
        assert ts in split.outputs, name


def test_every_form_schema_is_valid_draft_2020_12():
    assert {p.stem for p in FORMS.glob("*.json")} >= FORM_KEYS
    for key in FORM_KEYS:
        form = load_form(key)
        jsonschema.Draft202012Validator.check_schema(form["schema"])
        schema, ui = form["schema"], form["ui"]
        assert schema["additionalProperties"] is False, key
        assert set(ui["order"]) == set(schema["properties"]), key
        assert set(ui["labels"]) == set(schema["properties"]), key
        assert set(ui["help"]) <= set(schema["properties"]), key
        assert set(ui["widgets"]) <= set(schema["properties"]), key
        assert set(ui["widgets"].values()) <= {
            "textarea",
            "radio",
            "select",
            "rating",
            "unit",
            "agency",
            "units",
        }, key
        assert {"id", "en"} == set(form["title"]), key
        assert schema["properties"], key
        for field, prop in schema["properties"].items():
            if prop.get("type") == "string" and "enum" not in prop:
                assert "maxLength" in prop, (key, field)
            if "enum" in prop:
                assert set(ui["enum_labels"][field]) == set(prop["enum"]), (key, field)


@pytest.mark.parametrize(
    ("key", "data", "ok"),
    [
        (
            "verify",
            {
                "decision": "valid",
                "summary": "Puskesmas tutup",
                "unit_code": "medan.health",
                "copies": ["medan.secretariat"],
                "category": "health",
            },
            True,
        ),
        ("verify", {"decision": "valid", "summary": "Puskesmas tutup"}, False),
        ("verify", {"decision": "valid", "summary": " ", "unit_code": "medan.health"}, False),
        ("verify", {"decision": "hold", "question": "Puskesmas yang mana?"}, True),
        ("verify", {"decision": "hold"}, False),
        (
            "verify",
            {"decision": "not_authority", "target_agency": "pln", "reason": "Listrik"},
            True,
        ),
        ("verify", {"decision": "not_authority", "reason": "Listrik"}, False),
        ("verify", {"decision": "archive"}, False),
        ("verify", {"decision": "archive", "reason": "Spam", "reporter_name": "x"}, False),
        (
            "verify",
            {"decision": "valid", "summary": "s", "unit_code": "u", "copies": ["a", "a"]},
            False,
        ),
        ("verify_final", {"decision": "hold", "question": "?"}, False),
        ("verify_final", {"decision": "archive", "reason": "Duplikat"}, True),
        ("reporter_info", {"additional_info": "Puskesmas Padang Bulan"}, True),
        ("reporter_info", {}, False),
        ("follow_up", {"decision": "answer", "answer": "Sudah dibuka kembali."}, True),
        ("follow_up", {"decision": "answer"}, False),
        ("follow_up", {"decision": "not_authority", "reason": "Wewenang provinsi"}, True),
        ("follow_up", {"decision": "not_authority"}, False),
        ("follow_up_final", {"decision": "not_authority", "reason": "x"}, False),
        ("follow_up_final", {"decision": "answer", "answer": "Selesai."}, True),
        ("reporter_response", {"action": "accept", "rating": 5}, True),
        ("reporter_response", {"action": "accept", "rating": 6}, False),
        ("reporter_response", {"action": "reopen"}, False),
        ("reporter_response", {"action": "reopen", "comment": "Belum diperbaiki"}, True),
        ("reporter_response_final", {"action": "accept", "rating": 3, "comment": "Lambat"}, True),
        ("reporter_response_final", {"action": "accept"}, True),
        ("reporter_response_final", {"action": "reopen", "comment": "Belum diperbaiki"}, False),
        ("reporter_response_final", {"rating": 3}, False),
    ],
)
def test_form_conditional_requirements(key, data, ok):
    validator = jsonschema.Draft202012Validator(load_form(key)["schema"])
    assert validator.is_valid(data) is ok


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
