"""Who may see a reporter's identity, and what they see: the one policy for every face.

Every look is an `identity_viewed` audit event that says who looked and why: opening an
anonymous reporter's identity needs a reason. In a sensitive category (whistleblowing) one
officer alone never opens it: he asks (`identity_view_requested`, with his reason), a
second officer of the verifying role approves (`identity_view_approved`), and only then
may the one who asked look, once. The requests live in the audit chain only; their state
is read back from it (`requests_of`), so no table can disagree with the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.audit.models import CaseEvent
from domain.cases.categories import is_sensitive
from domain.cases.models import Case, Reporter
from domain.cases.queries import can_read_case
from domain.db import db
from domain.enums import IDENTITY_ROLES, Role
from domain.errors import Conflict, Forbidden, InvalidData, NotFound
from domain.org.models import User

REASON_MAX = 500
REQUESTED, APPROVED, VIEWED = "identity_view_requested", "identity_view_approved", "identity_viewed"


@dataclass(frozen=True)
class Identity:
    """What one officer may see of a reporter; `nik` only for the verifying role."""

    name: str | None
    phone: str | None
    email: str | None
    nik: str | None


@dataclass(frozen=True)
class IdentityRequest:
    """One officer's request to open a sensitive case's identity; `seq` is its audit event."""

    seq: int
    requester: str  # an actor string, `user:<id>`
    reason: str
    requested_at: datetime
    approved_by: str | None = None
    used: bool = False

    @property
    def pending(self) -> bool:
        return self.approved_by is None


def needs_approval(case: Case) -> bool:
    """A sensitive category (the category table's flag) needs a second person's approval."""
    return is_sensitive(case.category)


def _policy(case: Case, actor: User) -> bool:
    """Raise Forbidden unless `actor` may see the identity; True for the verifying role."""
    roles = actor.roles()
    verifying = bool(roles & IDENTITY_ROLES)
    if case.anonymous and not verifying:
        raise Forbidden("identity_verifying_role_only")
    if Role.AUDITOR in roles and not verifying:
        raise Forbidden("identity_not_for_auditors")
    return verifying


def _reason(reason: str | None, *, required: bool) -> str | None:
    text = (reason or "").strip()
    if not text:
        if required:
            raise InvalidData("identity_reason_required", details={"reason": "required"})
        return None
    if len(text) > REASON_MAX:
        raise InvalidData("identity_reason_too_long", details={"reason": ["length"]},
                          max=REASON_MAX)
    return text


def reporter_identity(case: Case, *, actor: User, reason: str | None = None) -> Identity | None:
    """The one identity policy, for every face (desk, API); every look is written down.

    Anonymous case: the verifying role only, and only with a reason. Not anonymous: also
    the officers handling the case may see name and contact (the portal promises the
    reporter exactly that), but the national ID number stays with the verifying role.
    Auditors never see identities. A sensitive category needs an approved request of this
    officer's (`identity_needs_approval` otherwise); its reason is the request's.
    """
    verifying = _policy(case, actor)
    payload: dict[str, object] = {"anonymous": case.anonymous, "with_nik": verifying}
    if needs_approval(case):
        me = actor_of(actor)
        ready = [r for r in requests_of(case) if r.requester == me and r.approved_by
                 and not r.used]
        if not ready:
            raise Forbidden("identity_needs_approval")
        payload.update(reason=ready[-1].reason, request=ready[-1].seq)
    else:
        payload["reason"] = _reason(reason, required=case.anonymous)
    reporter = db.session.get(Reporter, case.id)
    audit.record(VIEWED, actor=actor_of(actor), case_id=case.id, payload=payload)
    if reporter is None:
        return None
    return Identity(reporter.name, reporter.phone, reporter.email,
                    reporter.nik if verifying else None)


def requests_of(case: Case) -> list[IdentityRequest]:
    """The case's identity requests, oldest first, with their approval and use."""
    events = db.session.execute(
        sa.select(CaseEvent).where(CaseEvent.chain == audit.chain_for(case.id),
                                   CaseEvent.kind.in_((REQUESTED, APPROVED, VIEWED)))
        .order_by(CaseEvent.seq)
    ).scalars()
    found: dict[int, IdentityRequest] = {}
    for event in events:
        p = event.payload or {}
        if event.kind == REQUESTED:
            found[event.seq] = IdentityRequest(event.seq, event.actor, p.get("reason") or "",
                                               event.created_at)
        elif p.get("request") in found:
            old = found[p["request"]]
            found[old.seq] = IdentityRequest(
                old.seq, old.requester, old.reason, old.requested_at,
                approved_by=event.actor if event.kind == APPROVED else old.approved_by,
                used=old.used or event.kind == VIEWED)
    return list(found.values())


def request_identity_view(case: Case, *, actor: User, reason: str | None) -> IdentityRequest:
    """Ask a second officer to approve opening a sensitive case's identity (audited).

    The asker must be one who could look (`reporter_identity`'s policy). An open request
    of his (pending, or approved and not yet used) is returned instead of a second one.
    """
    _policy(case, actor)
    if not needs_approval(case):
        raise Conflict("identity_approval_not_needed")
    text = _reason(reason, required=True)
    me = actor_of(actor)
    for open_request in requests_of(case):
        if open_request.requester == me and not open_request.used:
            return open_request
    event = audit.record(REQUESTED, actor=me, case_id=case.id,
                         payload={"reason": text, "anonymous": case.anonymous})
    return IdentityRequest(event.seq, me, text or "", event.created_at)


def approve_identity_view(case: Case, seq: int, *, actor: User) -> IdentityRequest:
    """A second officer of the verifying role approves another's request (audited)."""
    if not can_read_case(actor, case):
        raise NotFound("case_not_found")
    if not actor.roles() & IDENTITY_ROLES:
        raise Forbidden("identity_approver_verifying_role_only")
    request = next((r for r in requests_of(case) if r.seq == seq), None)
    if request is None:
        raise NotFound("identity_request_not_found")
    me = actor_of(actor)
    if request.requester == me:
        raise Forbidden("identity_approval_needs_second_person")
    if not request.pending:
        raise Conflict("identity_request_already_approved")
    audit.record(APPROVED, actor=me, case_id=case.id,
                 payload={"request": seq, "requester": request.requester})
    return IdentityRequest(request.seq, request.requester, request.reason,
                           request.requested_at, approved_by=me)


def may_see_identity(user: User, case: Case) -> bool:
    """Whether the desk offers this officer the button to the reporter's identity.

    The button asks `reporter_identity`, which decides (and audits) the look itself; it shows
    on every named case, and on an anonymous one for the verifying role only.
    """
    return not case.anonymous or bool(user.roles() & IDENTITY_ROLES)


def may_approve_identity(user: User) -> bool:
    return bool(user.roles() & IDENTITY_ROLES)
