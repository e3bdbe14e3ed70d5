"""Which status change produces which letter. The outbox (jobs/outbox.py) asks; the rule is here.

Leaving verification for follow-up is the disposition (nota dinas to the handling unit);
reaching `responded` from any status is the follow-up letter to the reporter.
"""

from __future__ import annotations

# (from, to) -> letter kind; a `None` source matches any status.
LETTER_ON_STATUS: dict[tuple[str | None, str], str] = {
    ("verification", "follow_up"): "disposition",
    (None, "responded"): "follow_up",
}


def letter_on_status(old: str | None, new: str | None) -> str | None:
    """The letter kind a change from `old` to `new` produces, or None."""
    return LETTER_ON_STATUS.get((old, new)) or LETTER_ON_STATUS.get((None, new))
