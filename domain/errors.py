"""Domain errors; `web/errors.py` maps each to one HTTP status and JSON shape."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class: a message safe to show to the person who caused it."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
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
    """Input failed validation; `details` maps field names to messages."""

    status, code = 422, "invalid"
