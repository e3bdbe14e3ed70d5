"""Every piece of Python a definition would run, listed so each goes through the sandbox.

Scripts, conditions and timer expressions of the BPMN tree; input expressions and cells of
the DMN tables, rewritten the way the DMN engine builds them, so we check what will run.
"""

from __future__ import annotations

import ast
import re

from lxml import etree

from engine.lint.elements import BPMN_NS, SPIFF_NS, El, Issues, local, owner_id, owner_node
from engine.types import ValidationIssue

_EXPRESSION_TAGS = {
    (BPMN_NS, "script"): "exec", (SPIFF_NS, "preScript"): "exec",
    (SPIFF_NS, "postScript"): "exec", (BPMN_NS, "conditionExpression"): "eval",
    (BPMN_NS, "timeDate"): "eval", (BPMN_NS, "timeDuration"): "eval",
    (BPMN_NS, "timeCycle"): "eval",
}
PLACEHOLDER = "dmninputexpr"
_QUESTION_MARK = re.compile(r"""("[^"]*"|'[^']*')|\?""")


def expressions(root: El) -> list[tuple[str, str, str]]:
    """(element id, source, mode) for every script, condition and timer in a BPMN tree.

    Scripts and pre/post scripts are named by their task, conditions by their flow and timer
    expressions by their event: the ids a process owner sees in the modeler.
    """
    found: list[tuple[str, str, str]] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or not (element.text or "").strip():
            continue
        qname = etree.QName(element)
        mode = _EXPRESSION_TAGS.get((qname.namespace, qname.localname))
        if mode and element.text:
            found.append((owner_id(owner_node(element)), element.text, mode))
    return found


def _input_entry_source(input_expr: str, text: str) -> str:
    """The expression the DMN engine builds for one cell, so we check what will run.

    `?` outside quotes stands for the input value; a cell that parses alone is compared
    with `==`; anything else (`> 5`, `in ("a", "b")`) is appended to the input expression.
    """
    match = _QUESTION_MARK.sub(lambda m: m.group(1) or PLACEHOLDER, text)
    if PLACEHOLDER in match:
        return match
    try:
        ast.parse(match)
    except SyntaxError:
        return input_expr + match
    return f"({input_expr}) == ({match})"


def dmn_expressions(root: El) -> list[tuple[str, str, str]]:
    """(element id, source, mode) for every input expression and cell of a DMN tree.

    Matched on local names: DMN files come in three namespaces (1.1, 1.2, 1.3).
    """
    found: list[tuple[str, str, str]] = []
    for table in root.iter("{*}decisionTable"):
        inputs: list[str] = []
        for column in table.findall("{*}input"):
            source = (column.findtext("{*}inputExpression/{*}text") or "").strip()
            if source:
                found.append((owner_id(column), source, "eval"))
            inputs.append(source or PLACEHOLDER)
        for rule in table.findall("{*}rule"):
            for index, entry in enumerate(rule.findall("{*}inputEntry")):
                text = entry.findtext("{*}text")
                if text and text != "-":
                    input_expr = inputs[index] if index < len(inputs) else PLACEHOLDER
                    found.append((owner_id(entry), _input_entry_source(input_expr, text), "eval"))
            for entry in rule.findall("{*}outputEntry"):
                if text := entry.findtext("{*}text"):
                    found.append((owner_id(entry), text, "eval"))
    return found


def dmn_issues(root: El) -> Issues:
    """A DMN file holds a decision, and every input column says what it reads."""
    if local(root) != "definitions" or next(root.iter("{*}decision"), None) is None:
        yield ValidationIssue(owner_id(root), "the DMN file holds no decision")
    for column in root.iter("{*}input"):
        if not (column.findtext("{*}inputExpression/{*}text") or "").strip():
            yield ValidationIssue(owner_id(column), "DMN input has no input expression")
