"""A case's privacy through the API: its flags, and identity requests in sensitive categories.

With the header X-Reporter-Key the reporter sets his own flags, on or off; an officer in
scope (bearer token) only raises them (domain/cases/flags.py). Sensitive categories need a
second verifying officer's approval before an identity is opened (domain/cases/identity.py).
"""

from __future__ import annotations

from typing import Any

from flask import request

from domain.cases import flags
from domain.cases.identity import IdentityRequest, approve_identity_view, request_identity_view
from domain.cases.models import Case
from domain.cases.queries import can_read_case, find_case
from domain.errors import NotFound
from domain.org.models import User
from web.api import bp
from web.api.common import json_body, limit_of, load, officer
from web.api.schemas import (
    FlagsRequestSchema,
    FlagsSchema,
    IdentityReasonSchema,
    IdentityRequestSchema,
)
from web.extensions import limiter

KEY_HEADER = "X-Reporter-Key"


@bp.post("/cases/<tracking_id>/flags")
@limiter.limit(limit_of("rate_limit_tracking"))
def set_flags(tracking_id: str) -> dict[str, Any]:
    """Raise a flag (officer in scope), or raise or lower one (the reporter, with his key)."""
    body = load(FlagsRequestSchema(), json_body())
    case = find_case(tracking_id)
    key = request.headers.get(KEY_HEADER)
    if key is not None:
        changed = flags.reporter_set_flags(case, key, **body)
    else:
        changed = flags.raise_flags(case, actor=officer(), **body)
    return FlagsSchema().dump({"tracking_id": case.tracking_id, "anonymous": case.anonymous,
                               "confidential": case.confidential, "changed": changed})


def _request_json(found: IdentityRequest) -> dict[str, Any]:
    return IdentityRequestSchema().dump({"seq": found.seq, "reason": found.reason,
                                         "requested_at": found.requested_at,
                                         "approved": found.approved_by is not None})


def _case_in_scope(tracking_id: str) -> tuple[User, Case]:
    user = officer()
    case = find_case(tracking_id)
    if not can_read_case(user, case):
        raise NotFound("case_not_found")
    return user, case


@bp.post("/cases/<tracking_id>/reporter/requests")
def identity_request(tracking_id: str) -> tuple[dict[str, Any], int]:
    """Ask to open a sensitive case's identity; a second verifying officer approves it."""
    user, case = _case_in_scope(tracking_id)
    body = load(IdentityReasonSchema(), json_body())
    return _request_json(request_identity_view(case, actor=user, reason=body["reason"])), 201


@bp.post("/cases/<tracking_id>/reporter/requests/<int:seq>/approval")
def identity_approval(tracking_id: str, seq: int) -> dict[str, Any]:
    """A second verifying officer approves another's request (audited)."""
    user, case = _case_in_scope(tracking_id)
    return _request_json(approve_identity_view(case, seq, actor=user))
