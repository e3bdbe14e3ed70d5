"""`/api/v1/admin/users` and their memberships: officers' accounts and their roles.

A user outside a coordinator's agency (or with a national role) answers 404 like a missing
one; a role a coordinator may not hand out answers 403 (`domain.org.access`). Deactivating
is `flask users disable`: sessions and tokens die, open tasks go back to the unit.
"""

from __future__ import annotations

from typing import Any

from flask import request, url_for

from domain.org import people
from domain.org.access import unit_in_scope, user_in_scope
from domain.org.directory import user_page
from domain.org.passwords import issue_reset
from web.api import admin_schemas as s
from web.api import bp
from web.api.admin_org import paged
from web.api.common import json_body, load
from web.auth import acting_user, login_required


def _user_json(username: str) -> dict[str, Any]:
    user = user_in_scope(acting_user(), username)
    return s.AdminUserSchema().dump(
        {"username": user.username, "display_name": user.display_name, "email": user.email,
         "locale": user.locale, "active": user.active,
         "memberships": people.memberships_of(user)})


@bp.get("/admin/users")
@login_required()
def admin_users() -> dict[str, Any]:
    """Users I manage (members of one unit with `unit=`), by username (keyset pages)."""
    user = acting_user()
    query = load(s.AdminUserQuerySchema(), request.args)
    unit = unit_in_scope(user, query["unit"]) if query["unit"] else None
    page = paged(user_page, actor=user, unit=unit, cursor=query["cursor"],
                 limit=query["limit"], search=query["q"], active=query["active"])
    return s.AdminUserPageSchema().dump(page)


@bp.post("/admin/users")
@login_required()
def admin_user_create() -> tuple[dict[str, Any], int]:
    """A new account with its first role (a coordinator: a unit role in his agency)."""
    body = load(s.AdminUserCreateSchema(), json_body())
    user = people.create_user(acting_user(), **body)
    return _user_json(user.username), 201


@bp.get("/admin/users/<username>")
@login_required()
def admin_user(username: str) -> dict[str, Any]:
    return _user_json(username)


@bp.patch("/admin/users/<username>")
@login_required()
def admin_user_update(username: str) -> dict[str, Any]:
    body = load(s.AdminUserUpdateSchema(), json_body())
    people.update_user(acting_user(), username, **body)
    return _user_json(username)


@bp.post("/admin/users/<username>/deactivate")
@login_required()
def admin_user_deactivate(username: str) -> dict[str, Any]:
    people.set_user_active(acting_user(), username, False)
    return _user_json(username)


@bp.post("/admin/users/<username>/activate")
@login_required()
def admin_user_activate(username: str) -> dict[str, Any]:
    people.set_user_active(acting_user(), username, True)
    return _user_json(username)


@bp.post("/admin/users/<username>/memberships")
@login_required()
def admin_membership_create(username: str) -> tuple[dict[str, Any], int]:
    body = load(s.AdminMembershipCreateSchema(), json_body())
    people.grant_role(acting_user(), username, **body)
    return _user_json(username), 201


@bp.delete("/admin/users/<username>/memberships/<int:membership_id>")
@login_required()
def admin_membership_delete(username: str, membership_id: int) -> dict[str, Any]:
    """Revoke a role; the tasks he may no longer act on go back to their unit."""
    people.revoke_role(acting_user(), username, membership_id)
    return _user_json(username)


@bp.post("/admin/users/<username>/reset-link")
@login_required()
def admin_user_reset_link(username: str) -> tuple[dict[str, Any], int]:
    """Mail the user a one-time password link (sent through the outbox, hence 202)."""
    actor = acting_user()
    user = user_in_scope(actor, username)
    row = issue_reset(user, actor=actor,
                      link=lambda token: url_for("desk.reset", token=token, _external=True))
    return s.AdminResetLinkSchema().dump(
        {"username": user.username, "expires_at": row.expires_at}), 202
