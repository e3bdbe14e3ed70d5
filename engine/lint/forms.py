"""A user task shows a form the definition ships: without one the officer gets nothing."""

from __future__ import annotations

from engine.lint.elements import El, Issues, Names, properties
from engine.types import ValidationIssue


def form_issues(node: El, kind: str, known_forms: Names) -> Issues:
    """A user task's `form` property names one of the definition's forms."""
    if kind != "userTask":
        return
    ident, form = node.get("id", ""), properties(node).get("form")
    if not form:
        yield ValidationIssue(ident, "user task has no form property")
    elif form not in known_forms:
        yield ValidationIssue(ident, f"form {form!r} is not a known form")
