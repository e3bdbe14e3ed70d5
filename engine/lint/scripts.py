"""Script and business rule tasks carry what they run; gateway flows carry their conditions.

The expressions themselves go through the sandbox's check (`engine.lint.expressions`).
"""

from __future__ import annotations

from engine.lint.elements import BPMN_NS, CONDITIONAL_GATEWAYS, NS, El, Issues, spiff_text
from engine.types import ValidationIssue


def script_issues(node: El, kind: str) -> Issues:
    """A script task has a script; a business rule task names its decision."""
    ident = node.get("id", "")
    if kind == "scriptTask":
        scripts = node.xpath("bpmn:script", namespaces=NS)
        if not scripts or not (scripts[-1].text or "").strip():
            yield ValidationIssue(ident, "script task has no script")
    if kind == "businessRuleTask" and not (spiff_text(node, "calledDecisionId") or "").strip():
        yield ValidationIssue(ident, "business rule task names no decision (calledDecisionId)")


def condition_issues(node: El, kind: str, out: list[El]) -> Issues:
    """Conditions only on flows leaving a conditional gateway, and there on all but its default."""
    ident = node.get("id", "")
    conditional = kind in CONDITIONAL_GATEWAYS
    default = node.get("default")
    if conditional and default and default not in {f.get("id") for f in out}:
        yield ValidationIssue(ident, f"default flow {default!r} does not leave this gateway")
    for flow in out:
        has_condition = bool((flow.findtext(f"{{{BPMN_NS}}}conditionExpression") or "").strip())
        if conditional and not has_condition and flow.get("id") != default and len(out) > 1:
            message = "flow leaving a gateway needs a condition or must be its default"
            yield ValidationIssue(flow.get("id", ""), message)
        if not conditional and has_condition:
            message = f"a condition on a flow from a {kind} is ignored"
            yield ValidationIssue(flow.get("id", ""), message)
