"""The lifecycles of aspirations and information requests: they compile with only their own
forms, their scenarios pass and reach every element and every end, and the information
request's diagram offers no path to a second extension."""

from __future__ import annotations

import itertools

import pytest
from lxml import etree

from domain.enums import CaseKind
from domain.processes.operations import BPMN_DIR, SHIPPED, compile_definition, shipped_forms_of
from domain.processes.scenarios import run_all

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
KINDS = [CaseKind.ASPIRATION, CaseKind.INFORMATION_REQUEST]


def _compiled(kind: CaseKind):
    xml = SHIPPED[kind].bpmn()
    forms = shipped_forms_of(xml)
    dmn = [p.read_text(encoding="utf-8") for p in sorted(BPMN_DIR.glob("*.dmn"))]
    return compile_definition(xml, dmn, forms), forms


@pytest.mark.parametrize("kind", KINDS)
def test_every_scenario_passes_and_reaches_every_element_and_end(world, kind):
    compiled, forms = _compiled(kind)
    results, errors = run_all(compiled, forms, SHIPPED[kind].scenarios())
    assert errors == {}
    assert {r.name: r.failures for r in results if not r.passed} == {}
    reached = {element for r in results for element in r.path}
    assert sorted(set(compiled.meta) - reached) == []
    ends = {r.path[-1] for r in results if r.path and not r.waiting}
    assert {e for e, n in compiled.meta.items() if n["kind"] == "endEvent"
            and n["properties"].get("status")} <= ends


@pytest.mark.parametrize("kind", KINDS)
def test_each_lifecycle_carries_only_its_own_forms(kind):
    _compiled_process, forms = _compiled(kind)
    prefix = {CaseKind.ASPIRATION: "aspiration_",
              CaseKind.INFORMATION_REQUEST: "information_"}[kind]
    assert forms and all(key.startswith(prefix) for key in forms)


def test_no_path_leads_to_a_second_extension():
    """The one task that offers `extend` is the first answer; what follows an extension (or
    a missed deadline) is a task whose form has no `extend` and says why."""
    compiled, forms = _compiled(CaseKind.INFORMATION_REQUEST)
    offering = {element for element, node in compiled.meta.items()
                if node["kind"] == "userTask"
                and "extend" in forms[node["properties"]["form"]]["schema"]["properties"]
                .get("decision", {}).get("enum", [])}
    assert offering == {"ir_answer"}
    refusal = forms["information_answer_extended"]["ui"]["messages"]["decision"]["enum"]
    assert "satu kali" in refusal["id"] and "only once" in refusal["en"]
    root = etree.fromstring(SHIPPED[CaseKind.INFORMATION_REQUEST].bpmn().encode())
    sources = {f.get("sourceRef") for f in root.iter(f"{{{BPMN}}}sequenceFlow")
               if f.get("targetRef") == "ir_answer"}
    assert sources == {"route"}  # nothing loops back to the extendable task


def test_deploy_shipped_deploys_each_lifecycle_once(app, db_session):
    """`flask processes deploy-shipped` on a database without processes: three models with
    their scenarios; a second run changes nothing."""
    runner = app.test_cli_runner()
    first = runner.invoke(args=["processes", "deploy-shipped"])
    assert first.exit_code == 0, first.output
    for key in ("complaint", "aspiration", "information_request"):
        assert f"deployed: {key} version 1" in first.output
    again = runner.invoke(args=["processes", "deploy-shipped"])
    assert again.output.count("already deployed:") == 3, again.output
    from domain.processes.operations import latest_version

    assert latest_version("information_request").scenarios == \
        SHIPPED[CaseKind.INFORMATION_REQUEST].scenarios()


@pytest.mark.parametrize("kind", KINDS)
def test_the_diagram_draws_every_node_and_every_flow_orthogonally(kind):
    """A shape for every node, an edge for every flow starting and ending on its shapes'
    borders, drawn in straight horizontal and vertical segments (the studio opens it as is)."""
    ns = {"b": BPMN, "di": "http://www.omg.org/spec/DD/20100524/DI",
          "dc": "http://www.omg.org/spec/DD/20100524/DC",
          "bd": "http://www.omg.org/spec/BPMN/20100524/DI"}
    root = etree.fromstring(SHIPPED[kind].bpmn().encode())
    boxes = {s.get("bpmnElement"): [float(s.find("dc:Bounds", ns).get(k))
                                    for k in ("x", "y", "width", "height")]
             for s in root.iterfind(".//bd:BPMNShape", ns)}
    nodes = {n.get("id") for n in root.find("b:process", ns)
             if n.get("id") and not n.tag.endswith(("sequenceFlow", "laneSet"))}
    assert nodes and nodes <= set(boxes)

    def on_border(x, y, box):
        bx, by, w, h = box
        inside = bx - 1 <= x <= bx + w + 1 and by - 1 <= y <= by + h + 1
        return inside and min(abs(x - bx), abs(x - bx - w), abs(y - by), abs(y - by - h)) <= 1

    edges = {e.get("bpmnElement"): e for e in root.iterfind(".//bd:BPMNEdge", ns)}
    for flow in root.iterfind(".//b:sequenceFlow", ns):
        points = [(float(p.get("x")), float(p.get("y")))
                  for p in edges[flow.get("id")].findall("di:waypoint", ns)]
        assert on_border(*points[0], boxes[flow.get("sourceRef")]), flow.get("id")
        assert on_border(*points[-1], boxes[flow.get("targetRef")]), flow.get("id")
        assert all(a[0] == b[0] or a[1] == b[1] for a, b in itertools.pairwise(points))
