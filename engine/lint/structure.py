"""The allow-list of BPMN element kinds and where each may appear.

What would reach outside the engine (service tasks, messages, signals) or what our task and
timer projection does not model (sub-processes, loops, data objects) is refused, not
half-supported.
"""

from __future__ import annotations

from engine.lint.elements import FLOW_NODES, El, Issues, is_bpmn, local, owner_id
from engine.types import ValidationIssue

# Children allowed under any BPMN element, and per parent on top of those.
_ALWAYS = frozenset({"extensionElements", "documentation", "incoming", "outgoing"})
_CHILDREN: dict[str, frozenset[str]] = {
    "process": FLOW_NODES | {"sequenceFlow", "laneSet", "textAnnotation", "association"},
    **{parent: frozenset(children.split()) for parent, children in {
        "definitions": "process collaboration",
        "collaboration": "participant textAnnotation association",
        "laneSet": "lane", "lane": "flowNodeRef childLaneSet", "childLaneSet": "lane",
        "scriptTask": "script", "boundaryEvent": "timerEventDefinition",
        "intermediateCatchEvent": "timerEventDefinition", "timerEventDefinition": "timeDate",
        "sequenceFlow": "conditionExpression", "textAnnotation": "text",
    }.items()},
}
_WHY_REFUSED = {name: f"{what} are not supported" for name, what in {
    "sendTask": "send tasks", "receiveTask": "receive tasks", "messageFlow": "message flows",
    "callActivity": "call activities", "subProcess": "sub-processes", "transaction": "transactions",
    "adHocSubProcess": "sub-processes", "messageEventDefinition": "message events",
    "signalEventDefinition": "signal events", "intermediateThrowEvent": "throw events",
    "eventBasedGateway": "event-based gateways", "complexGateway": "complex gateways",
    "standardLoopCharacteristics": "loops", "multiInstanceLoopCharacteristics": "multi-instances",
}.items()} | {
    "serviceTask": "service tasks are not supported: nothing in a diagram may call out",
    "task": "untyped tasks are not supported; use a userTask, manualTask or scriptTask",
    "timeDuration": "timeDuration is not supported; use timeDate with working_days(n)",
    "timeCycle": "timeCycle is not supported; use timeDate with working_days(n)",
}


def structure_issues(root: El) -> Issues:
    """Walk the BPMN elements against the allow-list of kinds and where they may appear."""
    if not (is_bpmn(root) and local(root) == "definitions"):
        yield ValidationIssue("", "the file is not a BPMN 2.0 definitions document")
        return
    seen: set[str] = set()
    stack = [root]
    while stack:
        parent = stack.pop()
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            ident = child.get("id")
            if ident and ident in seen:
                yield ValidationIssue(ident, "the id is used by more than one element")
            seen.add(ident or "")
            name = local(child)
            if not is_bpmn(child):
                if parent is not root:  # diagram interchange (bpmndi) lives at the top
                    yield ValidationIssue(owner_id(child), f"unexpected element {child.tag}")
                continue
            if name == "extensionElements":
                continue  # read where needed; never executed as a whole
            allowed = _ALWAYS | _CHILDREN.get(local(parent), frozenset())
            if name not in allowed:
                why = _WHY_REFUSED.get(name, f"{name} is not allowed inside {local(parent)}")
                yield ValidationIssue(owner_id(child), why)
                continue
            stack.append(child)


def accepted_kinds() -> dict[str, list[str]]:
    """Flow node kinds this allow-list accepts, each with the event definitions it may hold.

    The studio's palette, context pad and replace menu offer exactly these
    (frontend/vocabulary.json, frontend/studio/palette.js), so a process owner cannot draw
    an element the server would refuse.
    """
    return {
        kind: sorted(c for c in _CHILDREN.get(kind, ()) if c.endswith("EventDefinition"))
        for kind in sorted(FLOW_NODES)
    }
