"""The sequence flows of a definition as plain data, for the plain-words diff.

The technical diff (`engine.diff`) compares executable specs, where a condition belongs to
its gateway and is keyed by target spec; a process owner thinks in flows: "the branch
*Valid* now needs ...", "the review comes after the follow-up". This reads each flow's ends,
label, condition and whether it is its source's default, and which human tasks precede a
node, from the (already validated) BPMN tree.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from engine.lint.elements import HUMAN_TASKS, NS, is_bpmn
from engine.xmlsafe import parse_xml


@dataclass(frozen=True)
class Flow:
    """One sequence flow: ends, label, condition text (None: unconditioned), default or not."""

    flow_id: str
    source: str
    target: str
    name: str | None
    condition: str | None
    default: bool


def flows_of(bpmn_xml: str) -> dict[str, Flow]:
    """Every sequence flow of every process, by id."""
    root = parse_xml(bpmn_xml)
    found: dict[str, Flow] = {}
    for process in root.xpath("//bpmn:process", namespaces=NS):
        defaults = {n.get("default") for n in process if is_bpmn(n) and n.get("default")}
        for flow in process.xpath("bpmn:sequenceFlow", namespaces=NS):
            ident = flow.get("id", "")
            expression = flow.find(f"{{{NS['bpmn']}}}conditionExpression")
            condition = None if expression is None else " ".join((expression.text or "").split())
            found[ident] = Flow(ident, flow.get("sourceRef", ""), flow.get("targetRef", ""),
                                flow.get("name"), condition, ident in defaults)
    return found


def human_predecessors(
    flows: dict[str, Flow], kinds: dict[str, str], node_id: str, attached: dict[str, str]
) -> list[str]:
    """The nearest human tasks a token passes before reaching `node_id`, walking back through
    gateways, scripts and events (a boundary event leads back to its task). Sorted ids."""
    into: dict[str, list[str]] = {}
    for flow in flows.values():
        into.setdefault(flow.target, []).append(flow.source)
    found: set[str] = set()
    seen = {node_id}
    queue = deque([node_id])
    while queue:
        current = queue.popleft()
        sources = list(into.get(current, []))
        if current in attached:
            sources.append(attached[current])
        for source in sources:
            if source in seen:
                continue
            seen.add(source)
            if kinds.get(source) in HUMAN_TASKS:
                found.add(source)
            else:
                queue.append(source)
    return sorted(found)


__all__ = ["Flow", "flows_of", "human_predecessors"]
