"""The API's words for statuses, lanes, rules and timeline steps: wording's, as on the pages.

The domain hands over codes (`follow_up`, `liaison`, `task_assigned`); the API returns each
code beside its label in the request's language, from the one word list in wording/.
"""

from __future__ import annotations

from typing import Any

from domain.cases.history import Step
from domain.sla.rules import Rule
from wording import information, labels, rules, timeline


def status_label(status: str | None) -> str | None:
    return None if status is None else labels.status(status)


def lane_label(lane: str | None) -> str | None:
    return None if lane is None else labels.lane(lane)


def rule_json(rule: Rule | None, days: int | None = None) -> dict[str, Any] | None:
    """The legal rule behind a deadline, worded in the reader's language.

    `working_days` is the deadline's actual length (`days`, the timer's working_days(n));
    `max_working_days` is the rule's legal maximum. Without `days` (rows from before
    deadlines kept their own length) both are the maximum.
    """
    if rule is None:
        return None
    actual = rule.working_days if days is None else days
    return {"id": rule.id, "label": rules.describe(rule, actual), "source": rule.source,
            "working_days": actual, "max_working_days": rule.working_days}


def step_json(step: Step) -> dict[str, Any]:
    """A history step as the API's timeline entry (see TimelineEntrySchema)."""
    handled_by = step.owner if step.kind == "task_assigned" else None
    return {
        "at": step.at, "kind": step.kind, "text": timeline.what(step), "actor": step.actor,
        "lane": step.lane, "lane_label": lane_label(step.lane), "task_label": step.task_label,
        "handled_by": handled_by, "status": step.status,
        "status_label": status_label(step.status), "decision": step.decision,
        "rating": step.rating, "due_at": step.due_at,
        "rule": rule_json(step.rule, step.working_days),
        # An exemption code reads as its UU 14/2008 citation, as on the tracking page.
        "texts": [{"field": field, "text": information.quoted(field, text)}
                  for field, text in step.texts],
    }
