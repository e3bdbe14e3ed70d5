"""bpmnlint's `recommended` graph rules that are errors there, refused here at the same level.

The studio's modeler lints live with bpmnlint `recommended` (frontend/.bpmnlintrc, no rule
downgraded). Its error-level rules about how tokens move must not pass the server that a
diagram from another tool (or the API) reaches without the browser: a gateway that both
joins and forks, a task or event that splits without conditions, a conditional fork with an
unconditioned flow, two identical flows. The rule names are bpmnlint's, so a process owner
finds the same rule in both places; `tests/engine/test_bpmnlint_parity.py` runs bpmnlint
itself on the same broken diagrams and checks that both name the same elements.

The other error rules of `recommended` are covered elsewhere: element kinds bpmnlint refuses
(complex, event-based gateways, ad-hoc sub-processes, link events) by `structure`, a missing
or second start event and dead ends by `flow`. Its presentation rules (`no-bpmndi`,
`label-required`) stay with bpmnlint: a diagram without drawing information runs the same.
"""

from __future__ import annotations

from engine.lint.elements import NS, El, Issues, is_bpmn, local
from engine.types import ValidationIssue

_GATEWAYS = frozenset({"exclusiveGateway", "parallelGateway", "inclusiveGateway"})
_SPLITTERS = frozenset({
    "userTask", "manualTask", "scriptTask", "businessRuleTask", "startEvent",
    "intermediateCatchEvent", "boundaryEvent",
})


def _condition(flow: El) -> str | None:
    found = flow.find(f"{{{NS['bpmn']}}}conditionExpression")
    return None if found is None else (found.text or "")


def recommended_issues(process: El) -> Issues:
    """The four graph rules, each issue prefixed with its bpmnlint rule name."""
    flows = process.xpath("bpmn:sequenceFlow", namespaces=NS)
    outgoing: dict[str, list[El]] = {}
    incoming: dict[str, int] = {}
    for flow in flows:
        outgoing.setdefault(flow.get("sourceRef", ""), []).append(flow)
        incoming[flow.get("targetRef", "")] = incoming.get(flow.get("targetRef", ""), 0) + 1
    for node in process:
        if not is_bpmn(node):
            continue
        ident, kind, out = node.get("id", ""), local(node), outgoing.get(node.get("id", ""), [])
        default = node.get("default")
        unconditioned = [f for f in out if _condition(f) is None and f.get("id") != default]
        if kind in _GATEWAYS and incoming.get(ident, 0) > 1 and len(out) > 1:
            yield ValidationIssue(ident, "no-gateway-join-fork: the gateway both joins and "
                                         "forks; split it into a joining and a forking gateway")
        if kind in _SPLITTERS and len(unconditioned) > 1:
            yield ValidationIssue(ident, "no-implicit-split: more than one outgoing flow without "
                                         "a condition; fork with a gateway")
        if default or any(_condition(f) is not None for f in out):
            for flow in unconditioned:
                yield ValidationIssue(flow.get("id", ""), "conditional-flows: the flow leaves a "
                                      "conditional fork without a condition and is not its default")
    yield from _duplicates(flows)


def _duplicates(flows: list[El]) -> Issues:
    """no-duplicate-sequence-flows: same source, target and condition twice; like bpmnlint,
    the flow is named, and its source and target once each."""
    seen: set[tuple[str, str, str]] = set()
    named: set[tuple[str, str]] = set()
    for flow in flows:
        source, target = flow.get("sourceRef", ""), flow.get("targetRef", "")
        key = (source, target, _condition(flow) or "")
        if key in seen:
            rule = "no-duplicate-sequence-flows"
            yield ValidationIssue(flow.get("id", ""), f"{rule}: the flow is a duplicate")
            for end, ident in (("outgoing", source), ("incoming", target)):
                if (end, ident) not in named:
                    named.add((end, ident))
                    yield ValidationIssue(ident, f"{rule}: duplicate {end} sequence flows")
        seen.add(key)
