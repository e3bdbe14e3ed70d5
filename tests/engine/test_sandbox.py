"""The restricted evaluator refuses escapes at check time and at run time, and still runs
the scripts, conditions, timers and DMN tables a real process needs."""

import signal

import pytest
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from engine import sandbox
from engine.sandbox import (
    MAX_RANGE,
    ExpressionError,
    RestrictedEnvironment,
    check_expression,
    time_limit,
)
from engine.xmlsafe import parse_xml

ESCAPES = [
    "__import__('os').system('id')",
    "().__class__.__base__.__subclasses__()",
    "[].__class__",
    "getattr(x, '__class__')",
    "'{0.__class__}'.format(1)",
    "'{0.__class__}'.format_map({})",
    "globals()",
    "vars()",
    "open('/etc/passwd')",
    "type(1)",
    "eval('1')",
    "setattr(x, 'a', 1)",
    "dir()",
    "compile('1', 's', 'eval')",
    "9**9**9",
    "pow(9, 99999)",
    "(i for i in x).gi_frame",
    "print('x')",
]


def run_unchecked(source, mode, data=None):
    """Run code through gate 2 only (RestrictedPython + guards), skipping the AST check,
    to prove the run-time guards hold on their own."""
    code = sandbox._restricted_compile(source, mode)
    namespace = RestrictedEnvironment()._namespace({"x": [1, 2]}, data or {})
    with time_limit(1):
        if mode == "eval":
            return eval(code, namespace)
        exec(code, namespace)
        return namespace


@pytest.mark.parametrize("source", ESCAPES)
def test_escapes_are_refused_at_check_time(source):
    with pytest.raises(ExpressionError):
        check_expression(source, "eval")


@pytest.mark.parametrize("source", ESCAPES)
def test_escapes_are_refused_by_the_environment(source):
    with pytest.raises(ExpressionError):
        RestrictedEnvironment().evaluate(source, {"x": [1, 2]})


@pytest.mark.parametrize("source", ESCAPES)
def test_escapes_fail_in_restricted_python_and_guards_alone(source):
    try:
        compiled_and_ran = run_unchecked(source, "eval")
    except (ExpressionError, NameError):
        return  # RestrictedPython or a guard refused it, or the builtin does not exist
    pytest.fail(f"{source!r} ran and returned {compiled_and_ran!r}")


@pytest.mark.parametrize(
    "source",
    ["getattr(x, '__class__')", "'{0.__class__}'.format(1)", "type(1)", "open('/etc/passwd')"],
)
def test_escapes_that_compile_are_stopped_at_run_time(source):
    sandbox._restricted_compile(source, "eval")  # RestrictedPython alone lets these through
    with pytest.raises((ExpressionError, NameError)):
        run_unchecked(source, "eval")


def test_power_operator_is_refused_by_the_restricted_policy_too():
    with pytest.raises(ExpressionError, match=r"\*\*"):
        sandbox._restricted_compile("9**9**9", "eval")


@pytest.mark.parametrize(
    "script",
    [
        "while True:\n    pass",
        "import os",
        "from os import system",
        "def f():\n    return 1",
        "class A:\n    pass",
        "global x",
        "try:\n    x = 1\nexcept Exception:\n    pass",
        "with x:\n    pass",
        "raise ValueError()",
        "del x",
        "x **= 2",
        "_secret = 1",
        "x = lambda: 1",
    ],
)
def test_forbidden_statements_are_refused(script):
    with pytest.raises(ExpressionError, match="refused"):
        check_expression(script, "exec")


def test_syntax_error_is_reported_with_its_line():
    with pytest.raises(ExpressionError, match=r"not valid Python: .*line 2"):
        check_expression("x = 1\ny = = 2", "exec")


def test_str_format_is_refused_at_run_time_even_when_reached_indirectly():
    with pytest.raises(ExpressionError, match="format"):
        run_unchecked("'{0.__class__}'.format(1)", "eval")


def test_attributes_of_non_data_objects_are_refused():
    env = RestrictedEnvironment({"helper": lambda: len})
    with pytest.raises(ExpressionError, match="builtin_function_or_method"):
        env.evaluate("helper().foo", {})


def test_large_range_is_refused_even_when_computed():
    env = RestrictedEnvironment()
    with pytest.raises(ExpressionError, match="over the limit"):
        env.evaluate("range(100000000)", {})
    with pytest.raises(ExpressionError, match="over the limit"):
        env.evaluate("range(n * 10000 * 10000)", {"n": 1})
    assert len(env.evaluate("range(n)", {"n": MAX_RANGE})) == MAX_RANGE


@pytest.mark.parametrize(
    "source",
    [
        "'a' * (n * 100000000)",
        "[0] * (n * 100000000)",
        "n << 100000",
        "big * big",
        "'%*d' % (n * 100000000, 1)",
    ],
)
def test_memory_bombs_through_operators_are_refused(source):
    with pytest.raises(ExpressionError):
        RestrictedEnvironment().evaluate(source, {"n": 1, "big": 1 << 4000})


def test_format_width_in_fstring_is_refused():
    with pytest.raises(ExpressionError, match="format widths"):
        check_expression("f'{x:>100000000}'", "eval")
    assert RestrictedEnvironment().evaluate("f'{x:.2f}'", {"x": 1.234}) == "1.23"


def test_scripts_write_variables_back_without_helpers_or_builtins():
    env = RestrictedEnvironment({"working_days": lambda n: f"due in {n}"})
    data = {"holds": 1, "items": [1], "copies": []}
    script = (
        "x = 1\ny = x + 1\nholds += 1\nitems += [2]\nitems.append(3)\n"
        "label = 'case'\nlabel += '-' + str(y)\ncounts = {'a': 1}\ncounts['a'] = 2\n"
        "for index, value in enumerate(items):\n    last = (index, value)\n"
        "pairs = [(a, b) for a, b in zip(items, items)]\n"
        "due = working_days(3)\ncopies = sorted(set(['b', 'a']))\n"
        "name = ' Region 12 '.strip().lower().replace('region ', '')\n"
    )
    assert env.execute(script, data) is True
    assert data == {
        "holds": 2, "items": [1, 2, 3], "copies": ["a", "b"], "x": 1, "y": 2,
        "label": "case-2", "counts": {"a": 2}, "last": (2, 3), "index": 2, "value": 3,
        "pairs": [(1, 1), (2, 2), (3, 3)], "due": "due in 3", "name": "12",
    }


@pytest.mark.parametrize(
    ("script", "kind"),
    [
        ("g = (i for i in range(3))", "generator"),
        ("s = set([1])", "set"),
        ("r = range(3)", "range"),
        ("nested = {'a': [set()]}", "dict"),
        ("loop = []\nloop.append(loop)", "list"),
    ],
)
def test_script_refuses_to_store_what_task_data_cannot_hold(script, kind):
    data = {"keep": 1}
    with pytest.raises(ExpressionError, match=f"script left a {kind}"):
        RestrictedEnvironment().execute(script, data)
    assert data == {"keep": 1}


def test_task_data_cannot_shadow_a_helper_in_scripts():
    env = RestrictedEnvironment({"working_days": lambda n: n})
    with pytest.raises(ExpressionError, match="working_days"):
        env.execute("x = 1", {"working_days": 3})


def test_task_data_cannot_replace_a_guard():
    data = {"_getattr_": lambda obj, name: getattr(obj, name)}
    with pytest.raises(ExpressionError):
        RestrictedEnvironment().evaluate("x.format", {**data, "x": "s"})


def test_helpers_must_be_functions_not_modules():
    with pytest.raises(ValueError, match="module"):
        RestrictedEnvironment({"os": signal})
    env = RestrictedEnvironment()
    env.set_helpers({"double": lambda n: n * 2})
    assert env.evaluate("double(n)", {"n": 4}) == 8


def test_compiled_code_is_cached_by_source_and_mode():
    sandbox._compiled.cache_clear()
    env = RestrictedEnvironment()
    for _ in range(3):
        env.evaluate("a + 1", {"a": 1})
    info = sandbox._compiled.cache_info()
    assert (info.misses, info.hits) == (1, 2)


BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="defs"
    targetNamespace="http://example.org/bpmn">
  <bpmn:process id="complaint" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="prepare">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:script>x = 1
y = x + 1</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:businessRuleTask id="route">
      <bpmn:extensionElements>
        <spiffworkflow:calledDecisionId>routing</spiffworkflow:calledDecisionId>
      </bpmn:extensionElements>
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
    </bpmn:businessRuleTask>
    <bpmn:exclusiveGateway id="valid" default="f5">
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
      <bpmn:outgoing>f5</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="verify"><bpmn:incoming>f4</bpmn:incoming>
      <bpmn:outgoing>f6</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="closed"><bpmn:incoming>f6</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="archived"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="prepare" />
    <bpmn:sequenceFlow id="f2" sourceRef="prepare" targetRef="route" />
    <bpmn:sequenceFlow id="f3" sourceRef="route" targetRef="valid" />
    <bpmn:sequenceFlow id="f4" sourceRef="valid" targetRef="verify">
      <bpmn:conditionExpression>decision == 'valid' and holds &lt; 2</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f5" sourceRef="valid" targetRef="archived" />
    <bpmn:sequenceFlow id="f6" sourceRef="verify" targetRef="closed" />
  </bpmn:process>
</bpmn:definitions>
"""

DMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="dmn" name="d"
    namespace="http://example.org/dmn">
  <decision id="routing" name="Routing">
    <decisionTable id="table" hitPolicy="FIRST">
      <input id="in_category"><inputExpression id="ie1" typeRef="string">
        <text>category</text></inputExpression></input>
      <input id="in_region"><inputExpression id="ie2" typeRef="boolean">
        <text>region.startswith("12.")</text></inputExpression></input>
      <input id="in_title"><inputExpression id="ie3" typeRef="string">
        <text>title</text></inputExpression></input>
      <input id="in_holds"><inputExpression id="ie4" typeRef="number">
        <text>holds</text></inputExpression></input>
      <output id="out_decision" name="decision" typeRef="string" />
      <output id="out_unit" name="unit_code" typeRef="string" />
      <rule id="r1">
        <inputEntry id="r1c"><text>"health"</text></inputEntry>
        <inputEntry id="r1r"><text>True</text></inputEntry>
        <inputEntry id="r1t"><text>?.lower().startswith("urgent")</text></inputEntry>
        <inputEntry id="r1h"><text>&lt; 2</text></inputEntry>
        <outputEntry id="r1o1"><text>"valid"</text></outputEntry>
        <outputEntry id="r1o2"><text>"HEALTH-" + region[:2]</text></outputEntry>
      </rule>
      <rule id="r2">
        <inputEntry id="r2c"><text>-</text></inputEntry>
        <inputEntry id="r2r"><text></text></inputEntry>
        <inputEntry id="r2t"><text>-</text></inputEntry>
        <inputEntry id="r2h"><text>-</text></inputEntry>
        <outputEntry id="r2o1"><text>"invalid"</text></outputEntry>
        <outputEntry id="r2o2"><text>"NONE"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
"""


def run_process(data, bpmn=BPMN):
    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_bpmn_xml(parse_xml(bpmn), filename="p.bpmn")
    parser.add_dmn_xml(parse_xml(DMN, what="DMN"), filename="d.dmn")
    engine = PythonScriptEngine(environment=RestrictedEnvironment())
    workflow = BpmnWorkflow(
        parser.get_spec("complaint"), parser.get_subprocess_specs("complaint"),
        script_engine=engine,
    )
    workflow.get_tasks(state=TaskState.READY)[0].data.update(data)
    workflow.do_engine_steps()
    return workflow


def test_real_process_runs_script_dmn_and_gateway():
    workflow = run_process(
        {"category": "health", "region": "12.01", "title": "URGENT: clinic", "holds": 1}
    )
    ready = workflow.get_tasks(state=TaskState.READY, manual=True)
    assert [t.task_spec.bpmn_id for t in ready] == ["verify"]
    data = ready[0].data
    assert (data["x"], data["y"]) == (1, 2)
    assert (data["decision"], data["unit_code"]) == ("valid", "HEALTH-12")
    assert not any(k.startswith("_") or callable(v) for k, v in data.items())


def test_real_process_takes_the_default_flow_when_the_rule_does_not_match():
    workflow = run_process(
        {"category": "health", "region": "31.7", "title": "road", "holds": 0}
    )
    assert workflow.is_completed()
    assert workflow.data["decision"] == "invalid"
    assert workflow.get_tasks(spec_name="archived")[0].state == TaskState.COMPLETED


def test_hostile_script_in_a_real_process_fails_the_task():
    hostile = BPMN.replace("x = 1", "x = ().__class__.__base__.__subclasses__()")
    with pytest.raises(SpiffWorkflowException, match="refused"):
        run_process({"category": "health", "region": "12.01", "title": "x", "holds": 0},
                    bpmn=hostile)


def test_indented_expression_from_xml_text_evaluates():
    assert RestrictedEnvironment().evaluate("\n    holds < 2\n  ", {"holds": 1}) is True
