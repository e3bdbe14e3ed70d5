"""The shipped diagrams pass bpmnlint `recommended` with no rule downgraded, and the server
refuses what bpmnlint's error-level graph rules report, on the same elements.

bpmnlint is the real one (node, npm); the broken diagrams are edits of the shipped lifecycle.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from domain.processes.vocabulary import VOCABULARY
from domain.sla.rules import RULES
from engine.lint import lint_bpmn
from engine.xmlsafe import parse_xml
from forms.registry import shipped_forms
from tests.engine.bpmnlint_cli import CONFIG, ROOT, bpmnlint

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
GRAPH_RULES = {"no-gateway-join-fork", "no-implicit-split", "conditional-flows",
               "no-duplicate-sequence-flows"}


def test_the_config_downgrades_no_rule():
    config = json.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["extends"] == ["bpmnlint:recommended", "plugin:aduan/recommended"]
    assert not config.get("rules"), "a rule of recommended is downgraded or switched off"


def test_every_shipped_diagram_passes_bpmnlint_recommended():
    shipped = sorted((ROOT / "bpmn").glob("*.bpmn"))
    assert shipped
    code, findings = bpmnlint(shipped)
    errors = {str(p): sorted(f for f in found if f[1] == "error")
              for p, found in findings.items()}
    assert errors == {str(p): [] for p in shipped}
    assert code == 0


def _ref(node: etree._Element, tag: str, flow_id: str, add: bool) -> None:
    if add:
        etree.SubElement(node, f"{{{BPMN}}}{tag}").text = flow_id
        return
    for ref in node.findall(f"{{{BPMN}}}{tag}"):
        if ref.text == flow_id:
            node.remove(ref)


def _node(root: etree._Element, ident: str) -> etree._Element:
    return root.xpath(f"//*[@id='{ident}']")[0]


def _retarget(root: etree._Element, flow_id: str, target: str) -> None:
    flow = _node(root, flow_id)
    _ref(_node(root, flow.get("targetRef")), "incoming", flow_id, add=False)
    flow.set("targetRef", target)
    _ref(_node(root, target), "incoming", flow_id, add=True)


def _add_flow(root: etree._Element, flow_id: str, source: str, target: str) -> None:
    process = root.find(f"{{{BPMN}}}process")
    process.append(etree.Element(f"{{{BPMN}}}sequenceFlow", id=flow_id, sourceRef=source,
                                 targetRef=target))
    _ref(_node(root, source), "outgoing", flow_id, add=True)
    _ref(_node(root, target), "incoming", flow_id, add=True)


def _join_fork(root):
    _retarget(root, "flow_verify_decision", "verify_decision")


def _implicit_split(root):
    _add_flow(root, "flow_forward_archived", "forward", "archived")


def _unconditioned(root):
    flow = _node(root, "flow_verify_archive")
    flow.remove(flow.find(f"{{{BPMN}}}conditionExpression"))


def _duplicate(root):
    _add_flow(root, "flow_forward_verify_again", "forward", "verify")


BROKEN = {
    "join_fork": (_join_fork, ("verify_decision", "no-gateway-join-fork")),
    "implicit_split": (_implicit_split, ("forward", "no-implicit-split")),
    "unconditioned": (_unconditioned, ("flow_verify_archive", "conditional-flows")),
    "duplicate": (_duplicate, ("flow_forward_verify_again", "no-duplicate-sequence-flows")),
}


def _server_findings(xml: bytes) -> set[tuple[str, str]]:
    ceilings = {rule.id: rule.working_days for rule in RULES.values()}
    issues = lint_bpmn(parse_xml(xml.decode()), known_forms=set(shipped_forms()),
                       known_rules=ceilings, vocabulary=VOCABULARY)
    return {(i.element_id, i.message.split(":", 1)[0]) for i in issues
            if i.message.split(":", 1)[0] in GRAPH_RULES}


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> dict[str, tuple[Path, bytes]]:
    folder = tmp_path_factory.mktemp("broken")
    written = {}
    for name, (edit, _expected) in BROKEN.items():
        root = etree.fromstring((ROOT / "bpmn" / "complaint.bpmn").read_bytes())
        edit(root)
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        path = folder / f"{name}.bpmn"
        path.write_bytes(xml)
        written[name] = (path, xml)
    return written


def test_the_server_refuses_what_bpmnlint_reports_as_an_error(broken):
    _code, findings = bpmnlint([path for path, _xml in broken.values()])
    for name, (path, xml) in broken.items():
        expected = BROKEN[name][1]
        by_bpmnlint = {(e, rule) for e, level, rule in findings[str(path)]
                       if rule in GRAPH_RULES and level == "error"}
        assert expected in by_bpmnlint, name
        assert _server_findings(xml) == by_bpmnlint, name


def test_the_shipped_diagram_breaks_none_of_the_graph_rules_on_the_server():
    assert _server_findings((ROOT / "bpmn" / "complaint.bpmn").read_bytes()) == set()


@pytest.mark.parametrize("name", ["aspiration", "information_request"])
def test_every_shipped_diagram_breaks_none_of_the_graph_rules_on_the_server(name):
    assert _server_findings((ROOT / "bpmn" / f"{name}.bpmn").read_bytes()) == set()


def test_the_new_lifecycles_draw_no_bpmnlint_finding_at_all():
    """Not even a warning: no fake joins (every join is a gateway), nothing overlaps."""
    shipped = [ROOT / "bpmn" / f"{name}.bpmn" for name in ("aspiration", "information_request")]
    _code, findings = bpmnlint(shipped)
    assert findings == {str(p): set() for p in shipped}
