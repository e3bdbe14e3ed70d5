"""The lint refuses diagrams that break docs/bpmn-conventions.md, naming the element."""

import pytest
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from engine.lint import (
    lint_bpmn,
)
from engine.types import Vocabulary
from engine.xmlsafe import parse_xml
from tests.engine.lint_support import DMN, FORMS, GOOD, RULES, assert_issue, issues_for, lint, props


def test_good_diagram_passes_lint_and_expression_sweep():
    assert lint(GOOD) == []
    assert issues_for(GOOD) == []


def test_good_diagram_is_accepted_by_spiffworkflow():
    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_bpmn_xml(parse_xml(GOOD), filename="good.bpmn")
    parser.add_dmn_xml(parse_xml(DMN, what="DMN"), filename="good.dmn")
    spec = parser.get_spec("complaint")
    assert {"verify", "verify_late", "wait", "route"} <= set(spec.task_specs)


def test_unreachable_node_is_refused():
    broken = GOOD.replace(
        '<bpmn:sequenceFlow id="f5" sourceRef="verify_late" targetRef="escalate" />', ""
    )
    assert_issue(broken, "escalate", "cannot be reached from the start event")
    assert_issue(broken, "wait", "cannot be reached from the start event")
    assert_issue(broken, "verify_late", "has no outgoing sequence flow")


def test_end_event_with_outgoing_flow_is_refused():
    broken = GOOD.replace('sourceRef="verify_late"', 'sourceRef="archived"')
    assert_issue(broken, "archived", "end event cannot have outgoing flows")


def test_node_without_outgoing_flow_is_refused():
    broken = GOOD.replace('<bpmn:sequenceFlow id="f8" sourceRef="both" targetRef="closed" />', "")
    assert_issue(broken, "both", "parallelGateway has no outgoing sequence flow")


def test_flow_to_missing_node_is_refused():
    broken = GOOD.replace('targetRef="closed" />', 'targetRef="nowhere" />', 1)
    assert_issue(broken, "f4", "target 'nowhere' is not a node")


def test_process_needs_exactly_one_start_event():
    broken = GOOD.replace('<bpmn:parallelGateway id="both" />',
                          '<bpmn:parallelGateway id="both" /><bpmn:startEvent id="start2" />')
    assert_issue(broken, "complaint", "exactly one start event, found 2")


def test_user_task_outside_a_lane_is_refused():
    broken = GOOD.replace("<bpmn:flowNodeRef>escalate</bpmn:flowNodeRef>", "")
    assert_issue(broken, "escalate", "is not in a lane")


def test_user_task_in_a_lane_that_is_not_a_role_is_refused():
    broken = GOOD.replace('name="supervisor"', 'name="Supervisors"')
    assert_issue(broken, "escalate", "lane 'Supervisors' is not a role")


def test_user_task_form_must_be_present_and_known():
    assert_issue(GOOD.replace('value="escalate"', 'value="nope"'), "escalate",
                 "form 'nope' is not a known form")
    no_form = GOOD.replace('<spiffworkflow:property name="form" value="verify" />', "")
    assert_issue(no_form, "verify", "user task has no form property")


def test_user_task_status_must_be_a_waiting_status():
    assert_issue(GOOD.replace('value="verification"', 'value="closed"'), "verify",
                 "status property must be one of")


def test_escalation_must_be_a_number():
    assert_issue(GOOD.replace('value="1"', 'value="high"'), "escalate", "whole number")


def test_end_event_needs_closed_or_archived_status():
    broken = GOOD.replace('value="archived"', 'value="done"')
    assert_issue(broken, "archived", "status property: closed or archived")


def test_roles_and_statuses_are_the_callers_vocabulary():
    """The engine keeps no list of its own: another vocabulary changes what it accepts."""
    other = Vocabulary(roles=("clerk", "supervisor"), task_statuses=("verification", "pending"),
                       end_statuses=("closed", "done"), data_keys=())
    renamed = (GOOD.replace('name="coordinator"', 'name="clerk"')
               .replace('value="follow_up"', 'value="pending"')
               .replace('value="archived"', 'value="done"'))
    found = lint_bpmn(parse_xml(renamed), known_forms=FORMS, known_rules=RULES, vocabulary=other)
    assert found == []
    assert {(i.element_id, i.message) for i in lint(renamed)} == {
        ("verify", "lane 'clerk' is not a role "
                   "(coordinator, liaison, national_admin, reporter, supervisor)"),
        ("escalate", "status property must be one of follow_up, hold, responded, verification"),
        ("archived", "end event needs a status property: closed or archived"),
    }


def _with_lateness_branch(cancel_activity: str, end_props: str = "") -> str:
    """`escalate` gets a timer whose branch ends at `noted` (the last level's deadline)."""
    branch = f"""
    <bpmn:boundaryEvent id="escalate_late" attachedToRef="escalate"{cancel_activity}>
      {props(rule="escalate_5hk")}
      <bpmn:timerEventDefinition><bpmn:timeDate>working_days(5)</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="noted">{end_props}</bpmn:endEvent>
    <bpmn:sequenceFlow id="f_noted" sourceRef="escalate_late" targetRef="noted" />
    <bpmn:parallelGateway id="both" />"""
    return GOOD.replace('<bpmn:parallelGateway id="both" />', branch)


def test_end_event_of_a_non_interrupting_timer_has_no_status():
    # The task keeps waiting, so that branch's end never decides the case's status.
    assert lint(_with_lateness_branch(' cancelActivity="false"')) == []
    with_status = _with_lateness_branch(' cancelActivity="false"', props(status="closed"))
    assert_issue(with_status, "noted", "ends only that branch; drop its status")
    for interrupting in ("", ' cancelActivity="true"'):
        assert_issue(_with_lateness_branch(interrupting), "noted", "closed or archived")


@pytest.mark.parametrize("kind", ["timeDuration", "timeCycle"])
def test_timer_must_use_time_date(kind):
    broken = GOOD.replace("<bpmn:timeDate>working_days(3)</bpmn:timeDate>",
                          f"<bpmn:{kind}>P3D</bpmn:{kind}>")
    assert_issue(broken, "verify_late_def", "use timeDate with working_days(n)")
    assert_issue(broken, "verify_late", "timer needs a timeDate expression")


def test_timer_must_name_a_known_rule():
    assert_issue(GOOD.replace('value="escalate_5hk"', 'value="made_up"'), "wait",
                 "timer rule property 'made_up' is not a known legal rule")
    assert_issue(GOOD.replace('name="rule" value="escalate_5hk"', 'name="x" value="y"'), "wait",
                 "timer event has no rule property")


def test_intermediate_catch_event_must_be_a_timer():
    broken = GOOD.replace(
        "<bpmn:timerEventDefinition><bpmn:timeDate>working_days(5)</bpmn:timeDate>\n"
        "      </bpmn:timerEventDefinition>", ""
    )
    assert_issue(broken, "wait", "must carry exactly one timer definition")


def test_script_task_without_script_is_refused():
    broken = GOOD.replace("holds = 0\ncopies = []", "")
    assert_issue(broken, "prepare", "script task has no script")


def test_gateway_flow_without_condition_must_be_the_default():
    assert_issue(GOOD.replace('default="f_archive"', ""), "f_archive",
                 "needs a condition or must be its default")
    assert_issue(GOOD.replace('default="f_archive"', 'default="f4"'), "valid",
                 "default flow 'f4' does not leave this gateway")


def test_condition_on_a_non_gateway_flow_is_refused():
    broken = GOOD.replace(
        '<bpmn:sequenceFlow id="f4" sourceRef="verify" targetRef="closed" />',
        '<bpmn:sequenceFlow id="f4" sourceRef="verify" targetRef="closed">'
        "<bpmn:conditionExpression>True</bpmn:conditionExpression></bpmn:sequenceFlow>",
    )
    assert_issue(broken, "f4", "is ignored")


@pytest.mark.parametrize(
    ("element", "fragment"),
    [
        ('<bpmn:serviceTask id="x" />', "service tasks are not supported"),
        ('<bpmn:sendTask id="x" />', "send tasks are not supported"),
        ('<bpmn:receiveTask id="x" />', "receive tasks are not supported"),
        ('<bpmn:callActivity id="x" calledElement="p" />', "call activities are not supported"),
        ('<bpmn:subProcess id="x" />', "sub-processes are not supported"),
        ('<bpmn:task id="x" />', "untyped tasks are not supported"),
        ('<bpmn:intermediateThrowEvent id="x" />', "throw events are not supported"),
        ('<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition id="m" />'
         "</bpmn:intermediateCatchEvent>", "message events are not supported"),
        ('<bpmn:boundaryEvent id="x" attachedToRef="verify"><bpmn:signalEventDefinition '
         'id="m" /></bpmn:boundaryEvent>', "signal events are not supported"),
        ('<bpmn:dataObject id="x" />', "dataObject is not allowed inside process"),
    ],
)
def test_unsupported_element_kinds_are_refused(element, fragment):
    broken = GOOD.replace('<bpmn:parallelGateway id="both" />',
                          f'<bpmn:parallelGateway id="both" />{element}')
    found = [(i.element_id, i.message) for i in lint(broken)]
    assert any(e in ("x", "m") and fragment in m for e, m in found), found


def test_loop_characteristics_are_refused():
    broken = GOOD.replace(
        '<bpmn:userTask id="escalate">',
        '<bpmn:userTask id="escalate"><bpmn:standardLoopCharacteristics />',
    )
    assert_issue(broken, "escalate", "loops are not supported")


def test_timer_start_event_is_refused():
    broken = GOOD.replace(
        '<bpmn:startEvent id="start">',
        '<bpmn:startEvent id="start"><bpmn:timerEventDefinition id="st">'
        "<bpmn:timeDate>working_days(1)</bpmn:timeDate></bpmn:timerEventDefinition>",
    )
    assert_issue(broken, "st", "timerEventDefinition is not allowed inside startEvent")


def test_boundary_event_must_sit_on_a_task():
    broken = GOOD.replace('attachedToRef="verify"', 'attachedToRef="valid"')
    assert_issue(broken, "verify_late", "not a task")


def test_duplicate_ids_are_refused():
    broken = GOOD.replace('<bpmn:parallelGateway id="both" />',
                          '<bpmn:parallelGateway id="both" /><bpmn:textAnnotation id="f1" />')
    assert_issue(broken, "f1", "used by more than one element")


def test_a_file_without_a_process_is_refused():
    empty = ('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
             'id="d" />')
    assert [i.message for i in lint(empty)] == ["the diagram holds no process"]
    assert "not a BPMN 2.0" in lint("<definitions />")[0].message
