"""A diagram that follows every convention, a routing table, and the lint run on them: what
the lint tests build their broken variants from."""


from domain.processes.vocabulary import VOCABULARY
from engine.lint import (
    check_all,
    lint_bpmn,
)
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
