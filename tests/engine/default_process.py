"""The shipped default lifecycle on plain SpiffWorkflow: its names, and helpers to drive it."""

import json
from pathlib import Path

import jsonschema
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.specs.defaults import EndEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
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
    "verify_join",
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
    "follow_up_join",
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
