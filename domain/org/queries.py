"""Read-side questions about the organisation that task forms and the desk ask.

Bounded on purpose: a national deployment has ~10,000 units, so a choice list holds the
case's own agency's units (where a coordinator disposes) and falls back to a capped list
only for the national pool; a form with more candidates takes a typed unit code instead.
"""

from __future__ import annotations

import sqlalchemy as sa

from domain.db import db
from domain.enums import LANE_ROLES, Lane
from domain.org.models import Agency, Membership, Unit, User

CHOICES_MAX = 300


def unit_choices(agency_id: int | None) -> list[Unit]:
    """Units a case of this agency may be disposed or copied to (capped; see module doc)."""
    query = sa.select(Unit).where(Unit.active.is_(True)).order_by(Unit.path)
    if agency_id is not None:
        query = query.where(Unit.agency_id == agency_id)
    return list(db.session.execute(query.limit(CHOICES_MAX + 1)).scalars())


def agency_choices() -> list[Agency]:
    """Agencies a report may be forwarded to (capped; see module doc)."""
    return list(db.session.execute(
        sa.select(Agency).where(Agency.active.is_(True)).order_by(Agency.name)
        .limit(CHOICES_MAX + 1)).scalars())


def agency_names() -> list[tuple[int, str]]:
    """Every active agency, by name (a filter lists them all: no cap, two columns each)."""
    return [tuple(row) for row in db.session.execute(
        sa.select(Agency.id, Agency.name).where(Agency.active.is_(True)).order_by(Agency.name))]


def members_for_lane(lane: str, unit_id: int | None) -> list[User]:
    """Active users who may act on a task of `lane` owned by `unit_id`: its unit or above it.

    A membership covers its unit's subtree, so the candidates sit on the unit itself or on
    one of its ancestors (the ids in the unit's materialised path).
    """
    if unit_id is None:
        return []
    try:
        roles = LANE_ROLES[Lane(lane)]
    except ValueError:
        return []
    unit = db.session.get(Unit, unit_id)
    if unit is None or not roles:
        return []
    ancestors = [int(part) for part in unit.path.strip("/").split("/") if part]
    return list(db.session.execute(
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.unit_id.in_(ancestors), Membership.role.in_(list(roles)),
               User.active.is_(True))
        .order_by(User.display_name).distinct()
    ).scalars())

