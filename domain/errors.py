"""Domain errors: a code and its parameters, never a sentence.

`reason` says what went wrong (`task_already_completed`), `params` carry what the sentence
needs (`{"status": "approved"}`), `details` map form fields to field codes or messages. The
words for people live in `wording.errors`, in their language; `web/errors.py` maps the class
to one HTTP status and JSON shape, the CLI prints the same words.
"""

from __future__ import annotations

import re
from typing import Any

_REASON = re.compile(r"^[a-z][a-z0-9_]*$")


class DomainError(Exception):
    """Base class; the class's `code` is the error's family in the API (`not_found`, …)."""

    status = 400
    code = "bad_request"

    def __init__(self, reason: str, *, details: Any = None, **params: Any) -> None:
        if not _REASON.match(reason):  # a sentence slipped in: fail loudly in every test
            raise ValueError(f"a domain error's reason is a code, not {reason!r}")
        super().__init__(reason if not params else f"{reason} {params}")
        self.reason = reason
        self.params = params
        self.details = details


class NotFound(DomainError):
    """Missing, or outside the actor's scope (the two are indistinguishable on purpose)."""

    status, code = 404, "not_found"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class Conflict(DomainError):
    """Someone else changed the case first (stale version, task already done)."""

    status, code = 409, "conflict"


class InvalidData(DomainError):
    """Input failed validation; `details` maps field names to field codes or messages."""

    status, code = 422, "invalid"
