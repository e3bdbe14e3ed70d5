"""Timers name their legal rule and compute their due time with `working_days(n)`.

A timer may be shorter than its rule's legal maximum, never longer; ISO durations would
count calendar days, so they are refused by the structure check.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.lint.elements import (
    BPMN_NS,
    NS,
    TIMER_EVENTS,
    El,
    Issues,
    Rules,
    properties,
    timer_working_days,
)
from engine.sandbox import ExpressionError, check_expression
from engine.types import ValidationIssue


def timer_issues(node: El, kind: str, known_rules: Rules) -> Issues:
    """One timer definition with a timeDate, and a rule property naming a known legal rule."""
    if kind not in TIMER_EVENTS:
        return
    ident = node.get("id", "")
    timers = node.xpath("bpmn:timerEventDefinition", namespaces=NS)
    if len(timers) != 1:
        yield ValidationIssue(ident, f"{kind} must carry exactly one timer definition")
    elif not (timers[0].findtext(f"{{{BPMN_NS}}}timeDate") or "").strip():
        yield ValidationIssue(ident, "timer needs a timeDate expression, e.g. working_days(3)")
    rule = properties(node).get("rule")
    if not rule:
        yield ValidationIssue(ident, "timer event has no rule property naming its legal rule")
    elif rule not in known_rules:
        yield ValidationIssue(ident, f"timer rule property {rule!r} is not a known legal rule")
    elif isinstance(known_rules, Mapping) and len(timers) == 1:
        yield from _ceiling_issues(node, ident, rule, known_rules[rule])


def _ceiling_issues(node: El, ident: str, rule: str, maximum: int) -> Issues:
    """A timer may be shorter than its rule's legal maximum, never longer.

    The days must be a literal (`working_days(4)`), so the check and every label showing
    the deadline can read them; an expression the sandbox refuses is reported there.
    """
    days = timer_working_days(node)
    if days is None:
        text = (node.findtext(f".//{{{BPMN_NS}}}timeDate") or "").strip()
        if text and _safe_source(text):
            yield ValidationIssue(
                ident, f"timer expression must be working_days(n) with a whole number n, so "
                f"its deadline can be checked against rule {rule}")
    elif days > maximum:
        yield ValidationIssue(
            ident, f"deadline of {days} working days exceeds the {maximum} allowed by rule {rule}")


def _safe_source(source: str) -> bool:
    try:
        check_expression(source, "eval")
    except ExpressionError:
        return False
    return True
