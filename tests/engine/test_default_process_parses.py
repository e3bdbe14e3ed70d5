"""The shipped default lifecycle (bpmn/complaint.bpmn, bpmn/routing.dmn, forms/*.json) parses,
follows docs/bpmn-conventions.md and runs on plain SpiffWorkflow."""

from __future__ import annotations

import jsonschema
import pytest
from SpiffWorkflow.bpmn.specs.defaults import BoundaryEvent, EndEvent
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimeDateEventDefinition
from SpiffWorkflow.spiff.specs.defaults import UserTask

from tests.engine.default_process import (
    END_STATUSES,
    FORM_KEYS,
    FORMS,
    NODE_IDS,
    ROLES,
    RULES,
    TASK_STATUSES,
    bpmn_specs,
    load_form,
    parse,
)


@pytest.fixture(scope="module")
def parser():
    return parse()


@pytest.fixture(scope="module")
def spec(parser):
    return parser.get_spec("complaint")


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
            "category",
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
