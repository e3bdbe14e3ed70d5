"""A process that loops without ever waiting is stopped with a clear error, never stored."""

from __future__ import annotations

import pytest
from lxml import etree
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

import engine
from domain.processes.vocabulary import VOCABULARY
from engine.definitions import SERIALIZER
from engine.lint import extract_metadata

LOOP = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="loop" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="init"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:script>n = 0</bpmn:script></bpmn:scriptTask>
    <bpmn:scriptTask id="tick"><bpmn:incoming>f2</bpmn:incoming><bpmn:incoming>f4</bpmn:incoming>
      <bpmn:outgoing>f3</bpmn:outgoing><bpmn:script>n = n + 1</bpmn:script></bpmn:scriptTask>
    <bpmn:exclusiveGateway id="again" default="f5"><bpmn:incoming>f3</bpmn:incoming>
      <bpmn:outgoing>f4</bpmn:outgoing><bpmn:outgoing>f5</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:endEvent id="done"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="init" />
    <bpmn:sequenceFlow id="f2" sourceRef="init" targetRef="tick" />
    <bpmn:sequenceFlow id="f3" sourceRef="tick" targetRef="again" />
    <bpmn:sequenceFlow id="f4" sourceRef="again" targetRef="tick">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">n &lt; 100000
      </bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f5" sourceRef="again" targetRef="done" />
  </bpmn:process>
</bpmn:definitions>"""


def _spec_bypassing_the_lint() -> tuple[dict, dict]:
    """Parse without our deploy checks, to prove the runtime guard on its own."""
    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_bpmn_xml(etree.fromstring(LOOP), filename="loop.bpmn")
    spec = {
        "spec": SERIALIZER.to_dict(parser.get_spec("loop")),
        "subprocess_specs": {},
    }
    return spec, extract_metadata(etree.fromstring(LOOP))


def test_an_automatic_loop_is_stopped_with_an_engine_error():
    spec, meta = _spec_bypassing_the_lint()
    with pytest.raises(engine.EngineError, match="automatic steps"):
        engine.start(spec, meta, {}, {}, vocabulary=VOCABULARY)


def test_the_lint_refuses_a_loop_without_a_wait_naming_its_elements():
    from engine.graph import automatic_cycles

    issues = automatic_cycles(etree.fromstring(LOOP))
    assert len(issues) == 1
    assert issues[0].element_id == "again" and "again, tick" in issues[0].message


def test_loops_through_a_user_task_or_timer_are_fine():
    from pathlib import Path

    from engine.graph import automatic_cycles

    shipped = Path(__file__).resolve().parents[2] / "bpmn" / "complaint.bpmn"
    assert automatic_cycles(etree.fromstring(shipped.read_bytes())) == []
