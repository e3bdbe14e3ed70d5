"""Who is told about what: the people who can act on a task, and the reporter's channels."""

from __future__ import annotations

import sqlalchemy as sa

from domain.cases.models import HumanTask, Reporter
from domain.db import db
from domain.enums import LANE_ROLES, Lane, Role
from domain.org.models import Membership, Unit, User


def users_who_can_act(task: HumanTask) -> list[User]:
    """Active users whose inbox shows this task (the same rule as `can_act_on_lane`).

    A unit role covers the unit's subtree, so the holders sit in the task's unit or any of
    its ancestors; the national pool (no unit) belongs to the national admins.
    """
    if task.lane == Lane.NATIONAL_ADMIN or (task.lane == Lane.COORDINATOR and task.unit_id is None):
        query = sa.select(User).join(Membership).where(Membership.role == Role.NATIONAL_ADMIN)
    else:
        try:
            roles = LANE_ROLES[Lane(task.lane)]
        except ValueError:
            return []
        if task.unit_id is None or not roles:
            return []
        unit = db.session.get(Unit, task.unit_id)
        ancestors = [int(part) for part in unit.path.strip("/").split("/") if part] if unit else []
        query = sa.select(User).join(Membership).where(
            Membership.role.in_(roles), Membership.unit_id.in_(ancestors or [task.unit_id])
        )
    users = db.session.execute(query.where(User.active.is_(True)).order_by(User.id)).scalars()
    return list(users.unique())


def reporter_channels(case_id: int) -> list[str]:
    """The channels the reporter gave ("email", "sms"); empty for a reporter without contact."""
    reporter = db.session.get(Reporter, case_id)
    if reporter is None:
        return []
    return [name for name, value in (("email", reporter.email), ("sms", reporter.phone)) if value]


def unit_liaisons(unit_ids: list[int]) -> list[tuple[int, User]]:
    """(unit id, user) for the active liaisons (admin penghubung) of exactly these units."""
    if not unit_ids:
        return []
    rows = db.session.execute(
        sa.select(Membership.unit_id, User).join(User, User.id == Membership.user_id)
        .where(Membership.role == Role.LIAISON, Membership.unit_id.in_(unit_ids),
               User.active.is_(True)).order_by(User.id)
    ).all()
    return [(unit_id, user) for unit_id, user in rows]
