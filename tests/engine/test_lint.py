"""The lint refuses diagrams that break docs/bpmn-conventions.md, naming the element."""

import pytest
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from domain.processes.vocabulary import VOCABULARY
from engine.lint import (
    check_all,
    dmn_expressions,
    expressions,
    extract_metadata,
    lint_bpmn,
)
from engine.sandbox import check_expression
from engine.types import Vocabulary
from engine.xmlsafe import parse_xml

FORMS = {"verify", "escalate"}
RULES = {"verify_3hk", "escalate_5hk"}


def props(**values):
    items = "".join(
        f'<spiffworkflow:property name="{k}" value="{v}" />' for k, v in values.items()
    )
    return (
        "<bpmn:extensionElements><spiffworkflow:properties>"
        f"{items}</spiffworkflow:properties></bpmn:extensionElements>"
    )


GOOD = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
    id="defs" targetNamespace="http://example.org/bpmn">
  <bpmn:process id="complaint" isExecutable="true">
    <bpmn:laneSet id="lanes">
      <bpmn:lane id="lane_coord" name="coordinator">
        <bpmn:flowNodeRef>verify</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>start</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="lane_sup" name="supervisor">
        <bpmn:flowNodeRef>escalate</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="prepare" name="Prepare">
      <bpmn:script>holds = 0
copies = []</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:businessRuleTask id="route">
      <bpmn:extensionElements>
        <spiffworkflow:calledDecisionId>routing</spiffworkflow:calledDecisionId>
      </bpmn:extensionElements>
    </bpmn:businessRuleTask>
    <bpmn:exclusiveGateway id="valid" default="f_archive" />
    <bpmn:userTask id="verify" name="Verify the report">
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="form" value="verify" />
          <spiffworkflow:property name="status" value="verification" />
        </spiffworkflow:properties>
        <spiffworkflow:instructionsForEndUser>Check the facts.
        </spiffworkflow:instructionsForEndUser>
        <spiffworkflow:preScript>copies = copies + []</spiffworkflow:preScript>
        <spiffworkflow:postScript>holds += 1</spiffworkflow:postScript>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="verify_late" attachedToRef="verify">
      {props(rule="verify_3hk")}
      <bpmn:timerEventDefinition id="verify_late_def">
        <bpmn:timeDate>working_days(3)</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:userTask id="escalate">
      {props(form="escalate", status="follow_up", escalation="1")}
    </bpmn:userTask>
    <bpmn:intermediateCatchEvent id="wait">
      {props(rule="escalate_5hk")}
      <bpmn:timerEventDefinition><bpmn:timeDate>working_days(5)</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:parallelGateway id="both" />
    <bpmn:endEvent id="closed">{props(status="closed")}</bpmn:endEvent>
    <bpmn:endEvent id="archived">{props(status="archived")}</bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="prepare" />
    <bpmn:sequenceFlow id="f2" sourceRef="prepare" targetRef="route" />
    <bpmn:sequenceFlow id="f3" sourceRef="route" targetRef="valid" />
    <bpmn:sequenceFlow id="f_valid" sourceRef="valid" targetRef="verify">
      <bpmn:conditionExpression>decision == 'valid' and holds &lt; 2</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_archive" sourceRef="valid" targetRef="archived" />
    <bpmn:sequenceFlow id="f4" sourceRef="verify" targetRef="closed" />
    <bpmn:sequenceFlow id="f5" sourceRef="verify_late" targetRef="escalate" />
    <bpmn:sequenceFlow id="f6" sourceRef="escalate" targetRef="wait" />
    <bpmn:sequenceFlow id="f7" sourceRef="wait" targetRef="both" />
    <bpmn:sequenceFlow id="f8" sourceRef="both" targetRef="closed" />
    <bpmn:textAnnotation id="note"><bpmn:text>SLA per rule</bpmn:text></bpmn:textAnnotation>
    <bpmn:association id="assoc" sourceRef="note" targetRef="verify" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="complaint" />
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""

DMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="dmn" name="d"
    namespace="http://example.org/dmn">
  <decision id="routing" name="Routing">
    <decisionTable id="table">
      <input id="in_category"><inputExpression id="ie1"><text>category</text></inputExpression>
      </input>
      <input id="in_holds"><inputExpression id="ie2"><text>holds</text></inputExpression>
      </input>
      <output id="out_decision" name="decision" />
      <rule id="r1">
        <inputEntry id="r1c"><text>"health"</text></inputEntry>
        <inputEntry id="r1h"><text>&lt; 2</text></inputEntry>
        <outputEntry id="r1o"><text>"valid"</text></outputEntry>
      </rule>
      <rule id="r2">
        <inputEntry id="r2c"><text>?.startswith("12.")</text></inputEntry>
        <inputEntry id="r2h"><text>-</text></inputEntry>
        <outputEntry id="r2o"><text>"valid?"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
"""


def lint(xml):
    return lint_bpmn(parse_xml(xml), known_forms=FORMS, known_rules=RULES, vocabulary=VOCABULARY)


def issues_for(xml, dmn=DMN):
    return [
        (i.element_id, i.message)
        for i in check_all(
            parse_xml(xml), [parse_xml(dmn, what="DMN")], known_forms=FORMS, known_rules=RULES,
            vocabulary=VOCABULARY,
        )
    ]


def assert_issue(xml, element_id, fragment):
    found = [(i.element_id, i.message) for i in lint(xml)]
    assert any(e == element_id and fragment in m for e, m in found), found


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


def test_hostile_script_is_refused_naming_the_element():
    hostile = GOOD.replace("holds = 0\ncopies = []", "__import__('os').system('id')")
    found = issues_for(hostile)
    assert len(found) == 1
    assert found[0][0] == "prepare"
    assert "__import__" in found[0][1]


def test_hostile_condition_is_refused_naming_the_flow():
    hostile = GOOD.replace("decision == 'valid' and holds &lt; 2",
                           "().__class__.__base__.__subclasses__()")
    found = issues_for(hostile)
    assert [e for e, _ in found] == ["f_valid"]
    assert "starting with '_'" in found[0][1]


def test_hostile_pre_script_and_timer_are_refused_naming_their_task():
    hostile = GOOD.replace("copies = copies + []", "import os").replace(
        "working_days(5)", "open('/etc/passwd')"
    )
    assert sorted(e for e, _ in issues_for(hostile)) == ["verify", "wait"]


def test_loops_nested_three_deep_are_refused_naming_the_element():
    script = "for a in items:\n    for b in items:\n        t = [c for c in items]"
    found = issues_for(GOOD.replace("holds = 0\ncopies = []", script))
    assert len(found) == 1 and found[0][0] == "prepare"
    assert "nested 3 deep (line 3); at most 2 levels" in found[0][1]


def test_nested_iteration_over_literal_ranges_past_the_budget_is_refused():
    condition = "len([[j for j in range(10000)] for i in range(10000)]) &gt; 0"
    found = issues_for(GOOD.replace("decision == 'valid' and holds &lt; 2", condition))
    assert [e for e, _ in found] == ["f_valid"]
    assert "would run 100000000 times" in found[0][1] and "step limit" in found[0][1]


def test_two_levels_of_modest_loops_are_accepted():
    script = "grid = [[r * c for c in range(100)] for r in range(100)]\nfor row in grid:\n    n = 1"
    assert issues_for(GOOD.replace("holds = 0\ncopies = []", script)) == []


def test_hostile_dmn_entry_is_refused_naming_the_entry():
    hostile = DMN.replace('"valid?"', "[].__class__")
    assert [e for e, _ in issues_for(GOOD, dmn=hostile)] == ["r2o"]


def test_business_rule_task_must_name_an_existing_decision():
    assert ("route", "decision 'routing' is not in any DMN file") in issues_for(
        GOOD, dmn=DMN.replace('id="routing"', 'id="other"')
    )
    no_ref = GOOD.replace(">routing</spiffworkflow:calledDecisionId>",
                          "></spiffworkflow:calledDecisionId>")
    assert_issue(no_ref, "route", "names no decision")


def test_dmn_input_without_expression_is_refused():
    broken = DMN.replace("<text>holds</text>", "")
    assert ("in_holds", "DMN input has no input expression") in issues_for(GOOD, dmn=broken)


def test_expressions_lists_every_script_condition_and_timer():
    found = expressions(parse_xml(GOOD))
    assert found == [
        ("prepare", "holds = 0\ncopies = []", "exec"),
        ("verify", "copies = copies + []", "exec"),
        ("verify", "holds += 1", "exec"),
        ("verify_late", "working_days(3)", "eval"),
        ("wait", "working_days(5)", "eval"),
        ("f_valid", "decision == 'valid' and holds < 2", "eval"),
    ]


def test_dmn_expressions_mirror_what_the_dmn_engine_evaluates():
    found = dmn_expressions(parse_xml(DMN, what="DMN"))
    assert found == [
        ("in_category", "category", "eval"),
        ("in_holds", "holds", "eval"),
        ("r1c", '(category) == ("health")', "eval"),
        ("r1h", "holds< 2", "eval"),
        ("r1o", '"valid"', "eval"),
        ("r2c", 'dmninputexpr.startswith("12.")', "eval"),
        ("r2o", '"valid?"', "eval"),
    ]
    for _, source, mode in found:
        check_expression(source, mode)


def test_extract_metadata_describes_every_flow_node():
    meta = extract_metadata(parse_xml(GOOD))
    assert set(meta) == {
        "start", "prepare", "route", "valid", "verify", "verify_late", "escalate", "wait",
        "both", "closed", "archived",
    }
    assert meta["verify"] == {
        "kind": "userTask",
        "name": "Verify the report",
        "lane": "coordinator",
        "properties": {"form": "verify", "status": "verification"},
        "attached_to": None,
        "instructions": "Check the facts.",
    }
    assert meta["verify_late"]["attached_to"] == "verify"
    assert meta["verify_late"]["properties"] == {"rule": "verify_3hk"}
    assert meta["escalate"]["lane"] == "supervisor"
    assert meta["closed"]["lane"] is None
