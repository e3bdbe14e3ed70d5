"""The graph lint and expression sweep run on every uploaded definition before SpiffWorkflow.

SpiffWorkflow's parser checks the XML schema, not the process: an unreachable task, a dead
end, a user task nobody can see or a timer with no legal rule parses fine and fails weeks
later on a live case. This package refuses such diagrams at upload, naming the element
(docs/bpmn-conventions.md), and lists every piece of Python the engine would run so each goes
through `engine.sandbox.check_expression` first. One module per concern: `structure` (the
allow-list of element kinds), `flow` (the graph), `lanes` (roles and statuses), `forms`,
`timers`, `scripts` (scripts and conditions), `expressions`, `loops` (iteration that can
only run past the sandbox's step budget), `metadata`, `recommended` (bpmnlint's error-level
graph rules, at bpmnlint's own level).

Lane roles and statuses are the domain's: every entry point takes a `Vocabulary`.
"""

from __future__ import annotations

from collections.abc import Collection

from engine.graph import automatic_cycles
from engine.lint.elements import (
    BPMN_NS,
    CONDITIONAL_GATEWAYS,
    FLOW_NODES,
    HUMAN_TASKS,
    NS,
    SPIFF_NS,
    TIMER_EVENTS,
    El,
    Names,
    Rules,
    properties,
    spiff_text,
    timer_working_days,
)
from engine.lint.expressions import PLACEHOLDER, dmn_expressions, dmn_issues, expressions
from engine.lint.flow import process_issues
from engine.lint.loops import iteration_problem
from engine.lint.metadata import extract_metadata
from engine.lint.recommended import recommended_issues
from engine.lint.structure import structure_issues
from engine.sandbox import ExpressionError, check_expression
from engine.types import ValidationIssue, Vocabulary

__all__ = [
    "BPMN_NS",
    "CONDITIONAL_GATEWAYS",
    "FLOW_NODES",
    "HUMAN_TASKS",
    "NS",
    "PLACEHOLDER",
    "SPIFF_NS",
    "TIMER_EVENTS",
    "check_all",
    "dmn_expressions",
    "expressions",
    "extract_metadata",
    "lint_bpmn",
    "properties",
    "timer_working_days",
]


def lint_bpmn(
    root: El, *, known_forms: Names, known_rules: Rules, vocabulary: Vocabulary
) -> list[ValidationIssue]:
    """Every convention and graph rule a BPMN tree breaks; empty when it may be deployed."""
    issues = list(structure_issues(root))
    processes = root.xpath("//bpmn:process", namespaces=NS)
    if not processes:
        issues.append(ValidationIssue("", "the diagram holds no process"))
    for process in processes:
        issues.extend(process_issues(process, known_forms, known_rules, vocabulary))
        issues.extend(recommended_issues(process))
    return issues


def _decision_ref_issues(bpmn_root: El, decisions: set[str]) -> list[ValidationIssue]:
    """A business rule task calls a decision one of the definition's DMN files holds."""
    issues = []
    for task in bpmn_root.xpath("//bpmn:businessRuleTask", namespaces=NS):
        ref = (spiff_text(task, "calledDecisionId") or "").strip()
        if ref and ref not in decisions:
            message = f"decision {ref!r} is not in any DMN file"
            issues.append(ValidationIssue(task.get("id", ""), message))
    return issues


def check_all(
    bpmn_root: El,
    dmn_roots: Collection[El],
    *,
    known_forms: Names,
    known_rules: Rules,
    vocabulary: Vocabulary,
) -> list[ValidationIssue]:
    """Lint plus every expression through the sandbox: all reasons to refuse an upload."""
    issues = lint_bpmn(
        bpmn_root, known_forms=known_forms, known_rules=known_rules, vocabulary=vocabulary
    )
    issues.extend(automatic_cycles(bpmn_root))
    sources = list(expressions(bpmn_root))
    decisions: set[str] = set()
    for dmn_root in dmn_roots:
        issues.extend(dmn_issues(dmn_root))
        sources.extend(dmn_expressions(dmn_root))
        decisions.update(e.get("id", "") for e in dmn_root.iter("{*}decision"))
    issues.extend(_decision_ref_issues(bpmn_root, decisions))
    for element_id, source, mode in sources:
        try:
            check_expression(source, mode)
        except ExpressionError as exc:
            issues.append(ValidationIssue(element_id, str(exc)))
            continue
        if problem := iteration_problem(source, mode):
            what = "expression" if mode == "eval" else "script"
            issues.append(ValidationIssue(element_id, f"{what} refused: {problem}"))
    return issues
