"""Who may read, edit and approve which process model.

Process owners come in two scopes (see `domain.org.models.Membership`): a national owner
(no unit) edits every model, including the national template; an agency's owner (a unit
membership, e.g. a regional inspectorate) edits his agency's copies and reads the template
they were copied from. Sysadmins act everywhere and may approve, as the issue asks.
"""

from __future__ import annotations

import sqlalchemy as sa

from domain.db import db
from domain.enums import DraftStatus, Role
from domain.errors import Forbidden, NotFound
from domain.org.models import Membership, Unit, User
from domain.org.permissions import STUDIO_ROLES
from domain.processes.models import ProcessDraft, ProcessModel


def is_global_owner(user: User) -> bool:
    """A sysadmin, or a process owner without a unit."""
    return any(
        m.role == Role.SYSADMIN or (m.role == Role.PROCESS_OWNER and m.unit_id is None)
        for m in user.memberships
    )


def owner_agency_ids(user: User) -> set[int]:
    """Agencies whose models this user owns through a unit membership."""
    return set(
        db.session.execute(
            sa.select(Unit.agency_id)
            .join(Membership, Membership.unit_id == Unit.id)
            .where(Membership.user_id == user.id, Membership.role == Role.PROCESS_OWNER)
        ).scalars()
    )


def can_read(user: User, model: ProcessModel) -> bool:
    if not user.has_role(*STUDIO_ROLES):
        return False
    return (
        is_global_owner(user)
        or model.agency_id is None
        or (model.agency_id in owner_agency_ids(user))
    )


def can_edit(user: User, model: ProcessModel) -> bool:
    if is_global_owner(user):
        return True
    return model.agency_id is not None and model.agency_id in owner_agency_ids(user)


def may_approve(user: User, model: ProcessModel) -> bool:
    """Whether this user may approve or reject a draft of the model (if not its author)."""
    return user.has_role(Role.SYSADMIN) or can_edit(user, model)


def may_decide(user: User, draft: ProcessDraft) -> bool:
    """Whether the studio offers this user approve/reject: a submitted draft, a second
    person (never its author), and an approver of its model. `drafts` enforces the same."""
    return (draft.status == DraftStatus.SUBMITTED and draft.author_id != user.id
            and may_approve(user, draft.model))


def deploys_without_approval(user: User) -> bool:
    """Sysadmins may deploy at once (the API's documented escape hatch); owners need a second
    person's approval."""
    return user.has_role(Role.SYSADMIN)


def readable(user: User, model: ProcessModel | None) -> ProcessModel:
    """The model if the user may read it; NotFound otherwise (existence is not revealed)."""
    if model is None or not can_read(user, model):
        raise NotFound("process_model_not_found")
    return model


def require_edit(user: User, model: ProcessModel) -> None:
    readable(user, model)
    if not can_edit(user, model):
        raise Forbidden("process_model_other_agency")


def models_in_scope(user: User) -> list[ProcessModel]:
    """The national template(s) and the agency copies this user may read, by key."""
    query = sa.select(ProcessModel).order_by(ProcessModel.agency_id.is_not(None), ProcessModel.key)
    if not is_global_owner(user):
        agencies = owner_agency_ids(user)
        query = query.where(
            sa.or_(ProcessModel.agency_id.is_(None), ProcessModel.agency_id.in_(agencies))
        )
    return list(db.session.execute(query).scalars())
