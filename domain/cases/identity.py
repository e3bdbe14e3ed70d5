"""Who may see a reporter's identity, and what they see: the one policy for every face."""

from __future__ import annotations

from dataclasses import dataclass

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.cases.models import Case, Reporter
from domain.db import db
from domain.enums import IDENTITY_ROLES, Role
from domain.errors import Forbidden
from domain.org.models import User


@dataclass(frozen=True)
class Identity:
    """What one officer may see of a reporter; `nik` only for the verifying role."""

    name: str | None
    phone: str | None
    email: str | None
    nik: str | None


def reporter_identity(case: Case, *, actor: User) -> Identity | None:
    """The one identity policy, for every face (desk, API); every look is written down.

    Anonymous case: the verifying role only. Not anonymous: also the officers handling the
    case may see name and contact (the portal promises the reporter exactly that), but the
    national ID number stays with the verifying role. Auditors never see identities.
    """
    roles = actor.roles()
    verifying = bool(roles & IDENTITY_ROLES)
    if case.anonymous and not verifying:
        raise Forbidden("identity_verifying_role_only")
    if Role.AUDITOR in roles and not verifying:
        raise Forbidden("identity_not_for_auditors")
    reporter = db.session.get(Reporter, case.id)
    audit.record(
        "identity_viewed",
        actor=actor_of(actor),
        case_id=case.id,
        payload={"anonymous": case.anonymous, "with_nik": verifying},
    )
    if reporter is None:
        return None
    return Identity(reporter.name, reporter.phone, reporter.email,
                    reporter.nik if verifying else None)


def may_see_identity(user: User, case: Case) -> bool:
    """Whether the desk offers this officer the button to the reporter's identity.

    The button asks `reporter_identity`, which decides (and audits) the look itself; it shows
    on every named case, and on an anonymous one for the verifying role only.
    """
    return not case.anonymous or bool(user.roles() & IDENTITY_ROLES)
