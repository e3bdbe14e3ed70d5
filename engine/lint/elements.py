"""Element kinds and small readers of a BPMN tree, shared by every lint module."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping

from lxml import etree

from engine.types import ValidationIssue

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NS = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS}

FLOW_NODES = frozenset({
    "startEvent", "endEvent", "userTask", "manualTask", "scriptTask", "businessRuleTask",
    "exclusiveGateway", "parallelGateway", "inclusiveGateway", "boundaryEvent",
    "intermediateCatchEvent",
})
HUMAN_TASKS = frozenset({"userTask", "manualTask"})
CONDITIONAL_GATEWAYS = frozenset({"exclusiveGateway", "inclusiveGateway"})
TIMER_EVENTS = frozenset({"boundaryEvent", "intermediateCatchEvent"})
ACTIVITIES = frozenset({"userTask", "manualTask", "scriptTask", "businessRuleTask"})
# Refused kinds still count as graph nodes, so one refused task yields one issue, not three.
REFUSED_NODES = frozenset({
    "task", "serviceTask", "sendTask", "receiveTask", "callActivity", "subProcess",
    "adHocSubProcess", "transaction", "intermediateThrowEvent", "eventBasedGateway",
    "complexGateway",
})

El = etree._Element
Issues = Iterator[ValidationIssue]
Names = Collection[str]
# Known rule ids, or rule id -> its legal maximum in working days (then checked per timer).
Rules = Collection[str] | Mapping[str, int]


def local(element: El) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def is_bpmn(element: El) -> bool:
    return isinstance(element.tag, str) and etree.QName(element).namespace == BPMN_NS


def owner_id(element: El) -> str:
    """The id of the element itself or of its nearest ancestor that has one."""
    node: El | None = element
    while node is not None:
        if node.get("id"):
            return node.get("id", "")
        node = node.getparent()
    return ""


def owner_node(element: El) -> El:
    """The flow node or sequence flow an expression element belongs to."""
    node = element.getparent()
    owners = FLOW_NODES | {"sequenceFlow"}
    while node is not None and not (is_bpmn(node) and local(node) in owners):
        node = node.getparent()
    return node if node is not None else element


def properties(node: El) -> dict[str, str]:
    """`spiffworkflow:property` name/value pairs, as the conventions define them."""
    found = node.xpath(
        "bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", namespaces=NS
    )
    return {p.get("name", ""): p.get("value", "") for p in found if p.get("name")}


def spiff_text(node: El, name: str) -> str | None:
    found = node.xpath(f"bpmn:extensionElements/spiffworkflow:{name}", namespaces=NS)
    return found[-1].text if found else None


def timer_working_days(node: El) -> int | None:
    """n of a timer's `working_days(n)` when n is a whole-number literal; else None."""
    definition = node.find(f"{{{BPMN_NS}}}timerEventDefinition")
    text = (definition.findtext(f"{{{BPMN_NS}}}timeDate") or "") if definition is not None else ""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return None
    if (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name)
            and tree.func.id == "working_days" and len(tree.args) == 1 and not tree.keywords
            and isinstance(tree.args[0], ast.Constant) and type(tree.args[0].value) is int):
        return tree.args[0].value
    return None


def node_lanes(process: El) -> dict[str, str]:
    """Flow node id -> name of the innermost lane holding it.

    Nested lanes come later in document order, so their entries overwrite their parents'.
    """
    return {
        (ref.text or "").strip(): lane.get("name", "")
        for lane in process.xpath("bpmn:laneSet//bpmn:lane", namespaces=NS)
        for ref in lane.xpath("bpmn:flowNodeRef", namespaces=NS)
    }
