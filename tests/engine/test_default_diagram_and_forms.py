"""The shipped diagram draws cleanly in any modeler, and its forms match intake."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
BPMN = ROOT / "bpmn" / "complaint.bpmn"
FORMS = ROOT / "forms"


def test_diagram_interchange_draws_every_element():
    """Every node has a shape, every flow an edge from its source to its target, and each
    boundary event sits on its host's border."""
    root = etree.parse(str(BPMN)).getroot()
    ns = {
        "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
        "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
        "dc": "http://www.omg.org/spec/DD/20100524/DC",
        "di": "http://www.omg.org/spec/DD/20100524/DI",
    }
    process = root.find("bpmn:process", ns)
    bounds = {
        shape.get("bpmnElement"): tuple(
            float(shape.find("dc:Bounds", ns).get(k)) for k in ("x", "y", "width", "height")
        )
        for shape in root.iterfind(".//bpmndi:BPMNShape", ns)
    }
    nodes = {n.get("id"): n for n in process if n.get("id") and "sequenceFlow" not in n.tag}
    nodes.pop("complaint_lanes", None)
    assert nodes
    assert set(nodes) <= set(bounds), set(nodes) - set(bounds)

    def on_border(point, box, slack=1.0):
        (px, py), (x, y, w, h) = point, box
        inside = x - slack <= px <= x + w + slack and y - slack <= py <= y + h + slack
        near = min(abs(px - x), abs(px - x - w), abs(py - y), abs(py - y - h)) <= slack
        return inside and near

    assert any(node.get("attachedToRef") for node in nodes.values())  # boundary timers
    for node in nodes.values():
        if node.get("attachedToRef"):
            x, y, w, h = bounds[node.get("id")]
            centre = (x + w / 2, y + h / 2)
            assert on_border(centre, bounds[node.get("attachedToRef")]), node.get("id")
    edges = {e.get("bpmnElement"): e for e in root.iterfind(".//bpmndi:BPMNEdge", ns)}
    flows = process.findall("bpmn:sequenceFlow", ns)
    assert flows
    assert {f.get("id") for f in flows} == set(edges)
    for flow in flows:
        points = [
            (float(p.get("x")), float(p.get("y")))
            for p in edges[flow.get("id")].findall("di:waypoint", ns)
        ]
        assert len(points) >= 2, flow.get("id")
        source, target = bounds[flow.get("sourceRef")], bounds[flow.get("targetRef")]
        assert on_border(points[0], source, slack=2), (flow.get("id"), "source")
        assert on_border(points[-1], target, slack=2), (flow.get("id"), "target")
        for (ax, ay), (bx, by) in itertools.pairwise(points):
            assert ax == bx or ay == by, (flow.get("id"), "edges are drawn orthogonally")


def test_verification_forms_take_their_categories_from_the_table():
    """No fixed list in the forms: the category widget offers the table's categories, so a
    category added by an admin can be chosen without a new process version."""
    from forms.render import category_fields

    for key in ("verify", "verify_final"):
        form = json.loads((FORMS / f"{key}.json").read_text(encoding="utf-8"))
        assert form["ui"]["widgets"]["category"] == "category", key
        assert "enum" not in form["schema"]["properties"]["category"], key
        assert "category" not in form["ui"].get("enum_labels", {}), key
        assert category_fields(key, form) == {"category"}
