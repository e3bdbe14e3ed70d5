"""The shipped lifecycle ships with scenarios: all pass, and together they reach every element."""

from __future__ import annotations

import json

from domain.processes.operations import compile_definition
from domain.processes.scenarios import run_all
from forms.registry import shipped_forms
from tests.studio import variants as v

SHIPPED = v.ROOT / "bpmn" / "complaint.scenarios.json"


def _run(bpmn: str):
    forms = shipped_forms()
    compiled = compile_definition(bpmn, v.shipped_dmn(), forms)
    results, errors = run_all(compiled, forms, json.loads(SHIPPED.read_text(encoding="utf-8")))
    assert errors == {}
    return compiled, results


def test_every_shipped_scenario_passes(world):
    _compiled, results = _run(v.shipped_bpmn())
    failed = {r.name: r.failures for r in results if not r.passed}
    assert failed == {}
    assert len(results) >= 15


def test_the_shipped_scenarios_reach_every_element_and_every_end(world):
    compiled, results = _run(v.shipped_bpmn())
    reached = {element for r in results for element in r.path}
    assert sorted(set(compiled.meta) - reached) == []
    ends = {r.path[-1] for r in results if r.path and not r.waiting}
    assert {e for e, n in compiled.meta.items() if n["kind"] == "endEvent"
            and n["properties"].get("status")} <= ends
