"""Lanes name roles, and human tasks and end events carry case statuses.

The roles and statuses are the domain's (`Vocabulary`, built from `domain/enums.py`); the
engine keeps no list of its own.
"""

from __future__ import annotations

from engine.lint.elements import HUMAN_TASKS, El, Issues, local, properties
from engine.types import ValidationIssue, Vocabulary


def human_task_issues(node: El, kind: str, lane: str | None, vocabulary: Vocabulary) -> Issues:
    """A user or manual task sits in a role's lane and says the case's status while it waits."""
    if kind not in HUMAN_TASKS:
        return
    ident, props = node.get("id", ""), properties(node)
    if lane is None:
        yield ValidationIssue(ident, f"{kind} is not in a lane; put it in a role lane")
    elif lane not in vocabulary.roles:
        roles = ", ".join(sorted(vocabulary.roles))
        yield ValidationIssue(ident, f"lane {lane!r} is not a role ({roles})")
    if props.get("status") not in vocabulary.task_statuses:
        statuses = ", ".join(sorted(vocabulary.task_statuses))
        yield ValidationIssue(ident, f"status property must be one of {statuses}")
    if "escalation" in props and not props["escalation"].isdigit():
        yield ValidationIssue(ident, "escalation property must be a whole number")
    if "reporter_notice" in props and props["reporter_notice"] not in vocabulary.reporter_notices:
        kinds = ", ".join(sorted(vocabulary.reporter_notices)) or "none"
        yield ValidationIssue(ident, f"reporter_notice property must be one of {kinds}")


def end_status_issues(node: El, sources: list[El | None], vocabulary: Vocabulary) -> Issues:
    """An end event sets the case's status, unless it only ends a non-interrupting timer's
    branch: the task the timer hangs on still waits, so the case goes on and it has none."""
    ident, status = node.get("id", ""), properties(node).get("status")
    side_branch = bool(sources) and all(
        s is not None and local(s) == "boundaryEvent" and s.get("cancelActivity") == "false"
        for s in sources
    )
    if side_branch and status is not None:
        message = "end event after a non-interrupting timer ends only that branch; drop its status"
        yield ValidationIssue(ident, message)
    elif not side_branch and status not in vocabulary.end_statuses:
        statuses = " or ".join(vocabulary.end_statuses)
        yield ValidationIssue(ident, f"end event needs a status property: {statuses}")
