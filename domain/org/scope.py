"""Who may see what: an officer's scope is his units and their sub-units."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from domain.db import db
from domain.enums import LANE_ROLES, Lane, Role
from domain.org.models import Unit, User


@dataclass(frozen=True)
class Scope:
    """The units (with sub-units) a user acts or reads in, per role; `everything` for global."""

    everything: bool
    units_by_role: dict[Role, frozenset[int]]

    @property
    def unit_ids(self) -> frozenset[int]:
        return (
            frozenset().union(*self.units_by_role.values()) if self.units_by_role else frozenset()
        )

    def units_for(self, *roles: Role) -> frozenset[int]:
        return frozenset().union(*(self.units_by_role.get(r, frozenset()) for r in roles))


def scope_of(user: User) -> Scope:
    """Expand each membership's unit to its subtree with one prefix query per membership."""
    everything = any(
        m.role.is_global or (m.unit_id is None and m.role in (Role.AUDITOR, Role.PROCESS_OWNER))
        for m in user.memberships
    )
    by_role: dict[Role, set[int]] = {}
    for m in user.memberships:
        if m.unit is None:
            continue
        ids = db.session.execute(
            sa.select(Unit.id).where(Unit.path.startswith(m.unit.path, autoescape=True))
        ).scalars()
        by_role.setdefault(m.role, set()).update(ids)
    return Scope(everything, {r: frozenset(ids) for r, ids in by_role.items()})


def lanes_for(user: User) -> set[str]:
    roles = user.roles()
    return {lane.value for lane, allowed in LANE_ROLES.items() if roles & allowed}


def agency_root_unit(agency_id: int) -> Unit | None:
    """The agency's top unit: where its coordinators sit."""
    return db.session.execute(
        sa.select(Unit).where(Unit.agency_id == agency_id, Unit.parent_id.is_(None)).limit(1)
    ).scalar_one_or_none()


def can_act_on_lane(user: User, lane: str, unit_id: int | None) -> bool:
    """May this user complete a task of `lane` owned by `unit_id` (None: national pool)?"""
    roles = user.roles()
    if lane == Lane.NATIONAL_ADMIN or (lane == Lane.COORDINATOR and unit_id is None):
        return Role.NATIONAL_ADMIN in roles
    try:
        allowed = LANE_ROLES[Lane(lane)]
    except ValueError:
        return False
    if unit_id is None:
        return False
    return _within(user, unit_id, allowed)


def _within(user: User, unit_id: int, roles: frozenset[Role] | set[Role]) -> bool:
    """Is the unit in the subtree of one of the user's memberships with these roles?

    The same rule as `scope_of`, read off the materialised paths the memberships already
    carry, so a completion asks no subtree query (the task's unit is usually in the session
    already, joined with its case).
    """
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        return False
    return any(
        m.unit is not None and m.role in roles and unit.path.startswith(m.unit.path)
        for m in user.memberships
    )
