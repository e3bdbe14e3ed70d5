"""bpmnlint's error-level graph rules on the server, without node (the parity with bpmnlint
itself is tests/engine/test_bpmnlint_parity.py)."""

from tests.engine.lint_support import GOOD, lint

_END = "    <bpmn:textAnnotation"
_GRAPH_RULES = {"no-gateway-join-fork", "no-implicit-split", "conditional-flows",
                "no-duplicate-sequence-flows"}


def _rules(xml):
    return {(i.element_id, i.message.split(":", 1)[0]) for i in lint(xml)
            if i.message.split(":", 1)[0] in _GRAPH_RULES}


def test_the_good_diagram_breaks_no_graph_rule():
    assert _rules(GOOD) == set()


def test_a_gateway_that_joins_and_forks_and_a_task_that_splits_are_refused():
    extra = '    <bpmn:sequenceFlow id="f_back" sourceRef="escalate" targetRef="valid" />\n'
    found = _rules(GOOD.replace(_END, extra + _END, 1))
    assert ("valid", "no-gateway-join-fork") in found
    assert ("escalate", "no-implicit-split") in found


def test_an_unconditioned_flow_out_of_a_conditional_fork_is_refused():
    extra = '    <bpmn:sequenceFlow id="f_loose" sourceRef="valid" targetRef="closed" />\n'
    assert ("f_loose", "conditional-flows") in _rules(GOOD.replace(_END, extra + _END, 1))


def test_a_duplicate_flow_is_refused_with_its_ends():
    extra = '    <bpmn:sequenceFlow id="f8b" sourceRef="both" targetRef="closed" />\n'
    found = _rules(GOOD.replace(_END, extra + _END, 1))
    assert {("f8b", "no-duplicate-sequence-flows"), ("both", "no-duplicate-sequence-flows"),
            ("closed", "no-duplicate-sequence-flows")} <= found
