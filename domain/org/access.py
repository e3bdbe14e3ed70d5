"""Who manages which part of the organisation: the one rule the admin pages and API ask.

A national admin manages every agency, unit and user. A coordinator manages his own
agency's units and users (his agency: the agencies of the units he coordinates). Anything
outside a coordinator's agency answers `NotFound`, exactly like a missing row, so neither
the pages nor the API tell him that Medan has a unit called `medan.health`. What only a
national admin may do at all (agencies, national roles, the CSV) answers `Forbidden`: the
refusal names a power he lacks, not a row that exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from domain.db import db
from domain.enums import Role
from domain.errors import Forbidden, NotFound
from domain.org.checks import UNIT_ONLY
from domain.org.models import Agency, Membership, Unit, User


@dataclass(frozen=True)
class OrgScope:
    """What an actor manages: everything, or the agencies with these ids."""

    everything: bool
    agency_ids: frozenset[int]

    def covers_agency(self, agency_id: int | None) -> bool:
        return self.everything or agency_id in self.agency_ids


def org_scope(actor: User) -> OrgScope:
    """The actor's managing scope; `Forbidden` when he manages nothing (not an org admin)."""
    if not actor.active:
        raise Forbidden("org_admin_only")
    if actor.has_role(Role.NATIONAL_ADMIN):
        return OrgScope(True, frozenset())
    agencies = frozenset(m.unit.agency_id for m in actor.memberships
                         if m.role == Role.COORDINATOR and m.unit is not None)
    if not agencies:
        raise Forbidden("org_admin_only")
    return OrgScope(False, agencies)


def require_national(actor: User) -> OrgScope:
    """Agencies, national roles and the whole-organisation CSV are a national admin's."""
    scope = org_scope(actor)
    if not scope.everything:
        raise Forbidden("national_admin_only")
    return scope


def agency_in_scope(actor: User, code: str) -> Agency:
    """The agency with this code if the actor manages it; `NotFound` otherwise."""
    scope = org_scope(actor)
    agency = db.session.execute(
        sa.select(Agency).where(Agency.code == code)).scalar_one_or_none()
    if agency is None or not scope.covers_agency(agency.id):
        raise NotFound("agency_not_found")
    return agency


def unit_in_scope(actor: User, code: str) -> Unit:
    scope = org_scope(actor)
    unit = db.session.execute(sa.select(Unit).where(Unit.code == code)).scalar_one_or_none()
    if unit is None or not scope.covers_agency(unit.agency_id):
        raise NotFound("unit_not_found")
    return unit


def user_agencies(user: User) -> set[int | None]:
    """The agencies of a user's memberships (None for a membership without a unit)."""
    return {m.unit.agency_id if m.unit is not None else None for m in user.memberships}


def manages_user(scope: OrgScope, user: User) -> bool:
    """A coordinator manages a user all of whose memberships are in his agency (a user who
    also works for another agency, or holds a national role, is that agency's or the
    national admin's to change)."""
    if scope.everything:
        return True
    agencies = user_agencies(user)
    return bool(agencies) and agencies <= set(scope.agency_ids)


def user_in_scope(actor: User, username: str) -> User:
    scope = org_scope(actor)
    user = db.session.execute(
        sa.select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or not manages_user(scope, user):
        raise NotFound("user_not_found")
    return user


def managed_users_clause(scope: OrgScope) -> sa.ColumnElement[bool]:
    """SQL for `manages_user`, for lists: a membership inside, none outside the agencies."""
    if scope.everything:
        return sa.true()
    inside = sa.select(Membership.id).join(Unit, Unit.id == Membership.unit_id).where(
        Membership.user_id == User.id, Unit.agency_id.in_(scope.agency_ids))
    outside = sa.select(Membership.id).outerjoin(Unit, Unit.id == Membership.unit_id).where(
        Membership.user_id == User.id,
        sa.or_(Membership.unit_id.is_(None), Unit.agency_id.not_in(scope.agency_ids)))
    return sa.and_(inside.exists(), ~outside.exists())


def grantable_roles(scope: OrgScope) -> tuple[Role, ...]:
    """Roles the actor may hand out: all for a national admin, unit roles for a coordinator."""
    return tuple(Role) if scope.everything else UNIT_ONLY


def check_grantable(scope: OrgScope, role: Role) -> None:
    if role not in grantable_roles(scope):
        raise Forbidden("role_not_grantable", role=role.value)
