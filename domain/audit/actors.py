"""Actor strings of audit events (`case_event.actor`): one spelling everywhere.

`user:<id>` for an officer, `reporter` for the holder of the key, `system` or
`system:<part>` for the machine; the history reads them back (domain/cases/history.py).
"""

from __future__ import annotations

from typing import Protocol

REPORTER = "reporter"
SYSTEM = "system"
TIMER = "system:timer"
CLI = "system:cli"  # an operator at the command line (`flask org import`, `flask users`)
RETENTION = "system:retention"  # the retention job (domain/cases/retention.py)


class _HasId(Protocol):
    id: int


def actor(user: _HasId | None, *, otherwise: str = SYSTEM) -> str:
    """`user:<id>` for a user; `otherwise` (the system, by default) when there is none."""
    return f"user:{user.id}" if user is not None else otherwise
