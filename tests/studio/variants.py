"""Edited copies of the shipped lifecycle, as a process owner would make them in the modeler.

Built from `bpmn/complaint.bpmn` with lxml so the tests follow the shipped diagram instead of
carrying a second copy of it that would drift.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from forms.registry import shipped_forms

ROOT = Path(__file__).resolve().parents[2]
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
DI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI_WAYPOINT = "http://www.omg.org/spec/DD/20100524/DI"
NS = {"bpmn": BPMN, "spiffworkflow": SPIFF, "bpmndi": DI, "dc": DC, "di": DI_WAYPOINT}

REVIEW_FORM: dict[str, Any] = {
    "title": {"id": "Tinjau jawaban", "en": "Review the answer"},
    "schema": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "approved": {"type": "string", "enum": ["yes"]},
            "note": {"type": "string", "maxLength": 2000},
        },
        "required": ["approved"],
    },
    "ui": {
        "order": ["approved", "note"],
        "labels": {
            "approved": {"id": "Jawaban sudah ditinjau", "en": "Answer reviewed"},
            "note": {"id": "Catatan", "en": "Note"},
        },
        "enum_labels": {"approved": {"yes": {"id": "Ya", "en": "Yes"}}},
        "widgets": {"note": "textarea"},
    },
}


def shipped_bpmn() -> str:
    return (ROOT / "bpmn" / "complaint.bpmn").read_text(encoding="utf-8")


def shipped_dmn() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "bpmn").glob("*.dmn"))]


def _tree(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode())


def _text(root: etree._Element) -> str:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode()


def renamed(xml: str, element_id: str, name: str) -> str:
    root = _tree(xml)
    root.xpath(f"//*[@id='{element_id}']")[0].set("name", name)
    return _text(root)


def with_follow_up_days(xml: str, days: int) -> str:
    """The follow-up deadline (boundary timer on `follow_up`) set to `days` working days."""
    root = _tree(xml)
    node = root.xpath("//bpmn:boundaryEvent[@id='follow_up_late']//bpmn:timeDate", namespaces=NS)
    node[0].text = f"working_days({days})"
    return _text(root)


def _sub(parent: etree._Element, ns: str, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items()})


def with_review_step(xml: str) -> str:
    """A liaison `review` user task (form `review`) between the answer and the reporter."""
    root = _tree(xml)
    process = root.xpath("//bpmn:process", namespaces=NS)[0]
    lane = process.xpath(".//bpmn:lane[@name='liaison']", namespaces=NS)[0]
    _sub(lane, BPMN, "flowNodeRef").text = "review"
    answer = process.xpath("bpmn:sequenceFlow[@id='flow_follow_up_answer']", namespaces=NS)[0]
    answer.set("targetRef", "review")
    response = process.xpath("bpmn:userTask[@id='reporter_response']", namespaces=NS)[0]
    incoming = response.xpath("bpmn:incoming", namespaces=NS)[0]
    incoming.text = "flow_review_response"
    task = etree.Element(f"{{{BPMN}}}userTask", id="review", name="Tinjau jawaban")
    ext = _sub(task, BPMN, "extensionElements")
    _sub(ext, SPIFF, "instructionsForEndUser").text = "Tinjau jawaban sebelum dikirim."
    props = _sub(ext, SPIFF, "properties")
    _sub(props, SPIFF, "property", name="form", value="review")
    _sub(props, SPIFF, "property", name="status", value="follow_up")
    _sub(task, BPMN, "incoming").text = "flow_follow_up_answer"
    _sub(task, BPMN, "outgoing").text = "flow_review_response"
    response.addprevious(task)
    _sub(
        process,
        BPMN,
        "sequenceFlow",
        id="flow_review_response",
        sourceRef="review",
        targetRef="reporter_response",
    )
    plane = root.xpath("//bpmndi:BPMNPlane", namespaces=NS)[0]
    shape = _sub(plane, DI, "BPMNShape", id="review_di", bpmnElement="review")
    _sub(shape, DC, "Bounds", x="1850", y="960", width="100", height="80")
    edge = plane.xpath("bpmndi:BPMNEdge[@bpmnElement='flow_follow_up_answer']", namespaces=NS)[0]
    for waypoint in edge.xpath("di:waypoint", namespaces=NS):
        edge.remove(waypoint)
    for index, (x, y) in enumerate((("1665", "440"), ("1900", "440"), ("1900", "960"))):
        edge.insert(index, etree.Element(f"{{{DI_WAYPOINT}}}waypoint", x=x, y=y))
    new_edge = _sub(
        plane, DI, "BPMNEdge", id="flow_review_response_di", bpmnElement="flow_review_response"
    )
    for x, y in (("1950", "1000"), ("2000", "1000"), ("2000", "150"), ("1810", "150")):
        _sub(new_edge, DI_WAYPOINT, "waypoint", x=x, y=y)
    return _text(root)


def with_os_script(xml: str) -> str:
    """The `init` script task importing os and creating a marker file (never to run)."""
    root = _tree(xml)
    script = root.xpath("//bpmn:scriptTask[@id='init']/bpmn:script", namespaces=NS)[0]
    script.text = (script.text or "") + "\nimport os\nos.system('touch /tmp/aduan-pwned')\n"
    return _text(root)


def review_forms() -> dict[str, Any]:
    return {**shipped_forms(), "review": REVIEW_FORM}


def with_property(xml: str, element_id: str, name: str, value: str) -> str:
    root = _tree(xml)
    found = root.xpath(
        f"//*[@id='{element_id}']//spiffworkflow:property[@name='{name}']", namespaces=NS
    )
    found[0].set("value", value)
    return _text(root)


def with_english(xml: str, element_id: str, name_en: str, instructions_en: str = "") -> str:
    """The node with its English name (and instructions) as `name_en` / `instructions_en`."""
    root = _tree(xml)
    props = root.xpath(f"//*[@id='{element_id}']/bpmn:extensionElements/spiffworkflow:properties",
                       namespaces=NS)[0]
    _sub(props, SPIFF, "property", name="name_en", value=name_en)
    if instructions_en:
        _sub(props, SPIFF, "property", name="instructions_en", value=instructions_en)
    return _text(root)
