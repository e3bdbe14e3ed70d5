"""Managing officers' accounts and their role memberships from the admin pages and API.

Same shape as `domain.org.structure`: the acting user, his scope, the import's field checks,
one audited event naming him, `flush()` only. A coordinator creates users of his agency
(each with a first unit role there), edits and deactivates those whose every membership is
in his agency, and grants only unit roles in its units; the rest is a national admin's.
Deactivating is the CLI's `users disable`: sessions and tokens die, open tasks go back to
the unit. Revoking a role also puts back the tasks the user may no longer act on.
"""

from __future__ import annotations

from typing import Any

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.cases.tasks import release_tasks_of
from domain.db import db
from domain.enums import Role
from domain.errors import Conflict, InvalidData, NotFound
from domain.org import operations as org
from domain.org.access import check_grantable, org_scope, user_in_scope
from domain.org.checks import (
    email_problem,
    name_problem,
    parse_role,
    role_problem,
    username_problem,
)
from domain.org.models import Membership, Unit, User
from domain.org.onboarding import NO_PASSWORD
from domain.org.scope import can_act_on_lane

LOCALES = ("id", "en")


def _invalid(errors: dict[str, str | None]) -> None:
    bad = {name: code for name, code in errors.items() if code}
    if bad:
        raise InvalidData("check_input", details=bad)


def _record(event: str, actor: User, username: str, **fields: Any) -> None:
    audit.record(event, actor=actor_of(actor), payload={"username": username, **fields})


def _role_and_unit(actor: User, role: str, unit: str | None) -> tuple[Role, Unit | None]:
    """A role the actor may grant and the unit it is held in (one he manages)."""
    scope = org_scope(actor)
    parsed = parse_role(role)
    unit = (unit or "").strip() or None
    if parsed is None:
        _invalid({"role": "role_unknown"})
    _invalid({"unit": role_problem(parsed, unit is not None)})
    check_grantable(scope, parsed)
    found = org.unit_by_code(unit) if unit else None
    if unit and (found is None or not scope.covers_agency(found.agency_id)):
        _invalid({"unit": "unit_unknown"})
    if found is not None and not found.active:
        _invalid({"unit": "unit_inactive"})
    if found is None and not scope.everything:
        _invalid({"unit": "role_needs_unit"})
    return parsed, found


def create_user(actor: User, *, username: str, name: str, role: str, unit: str | None = None,
                email: str | None = None, locale: str = "id",
                password: str | None = None) -> User:
    """A new account with its first role. Without a password it cannot log in until one
    is set (`flask users set-password`, or a reset link)."""
    username, name, email = username.strip(), name.strip(), (email or "").strip() or None
    taken = org.find_user(username) is not None
    _invalid({"username": username_problem(username) or ("username_taken" if taken else None),
              "name": name_problem(name), "email": email_problem(email),
              "locale": None if locale in LOCALES else "locale_invalid"})
    granted, found = _role_and_unit(actor, role, unit)
    user = org.create_user(username, name, password_hash=NO_PASSWORD, email=email,
                           locale=locale)
    org.grant(user, granted, found)
    _record("user_created", actor, username, name=name, email=email)
    _record("role_granted", actor, username, role=granted.value,
            unit=found.code if found else None)
    if password:
        org.set_password(user, password, actor=actor_of(actor))
    return user


def update_user(actor: User, username: str, *, name: str | None = None,
                email: str | None = None, locale: str | None = None) -> User:
    """Change an account's name, e-mail (`""` clears it) or language."""
    user = user_in_scope(actor, username)
    wanted = {"name": user.display_name if name is None else name.strip(),
              "email": user.email if email is None else (email.strip() or None),
              "locale": locale or user.locale}
    _invalid({"name": name_problem(wanted["name"]), "email": email_problem(wanted["email"]),
              "locale": None if wanted["locale"] in LOCALES else "locale_invalid"})
    before = {"name": user.display_name, "email": user.email, "locale": user.locale}
    changed = {key: value for key, value in wanted.items() if before[key] != value}
    if changed:
        user.display_name, user.email, user.locale = (wanted["name"], wanted["email"],
                                                      wanted["locale"])
        db.session.flush()
        _record("user_updated", actor, username, **changed)
    return user


def set_user_active(actor: User, username: str, active: bool) -> bool:
    """Deactivate (sessions and tokens die, open tasks back to the unit) or reactivate an
    account; False when it already was so. Nobody deactivates himself."""
    user = user_in_scope(actor, username)
    if not active:
        if user.id == actor.id:
            raise Conflict("cannot_deactivate_self")
        changed = org.disable_user(user, actor=actor_of(actor))
        release_tasks_of(user, actor=actor_of(actor))
        return changed
    if user.active:
        return False
    user.active = True
    db.session.flush()
    _record("user_enabled", actor, username)
    return True


def grant_role(actor: User, username: str, *, role: str, unit: str | None = None) -> Membership:
    """Give a user a role in a unit (or a national role, by a national admin)."""
    user = user_in_scope(actor, username)
    granted, found = _role_and_unit(actor, role, unit)
    unit_id = found.id if found else None
    if any(m.role == granted and m.unit_id == unit_id for m in user.memberships):
        raise Conflict("membership_exists")
    membership = org.grant(user, granted, found)
    _record("role_granted", actor, username, role=granted.value,
            unit=found.code if found else None)
    return membership


def revoke_role(actor: User, username: str, membership_id: int) -> None:
    """Take a role back; his open tasks he may no longer act on go back to their unit.

    The last role is not revoked: deactivate the user instead (a user without a role is in
    no one's list but the national admin's)."""
    user = user_in_scope(actor, username)
    membership = next((m for m in user.memberships if m.id == membership_id), None)
    if membership is None:
        raise NotFound("membership_not_found")
    check_grantable(org_scope(actor), membership.role)
    if len(user.memberships) == 1:
        raise Conflict("membership_last")
    role, unit = membership.role.value, membership.unit.code if membership.unit else None
    db.session.delete(membership)
    db.session.flush()
    db.session.refresh(user, ["memberships"])
    release_tasks_of(user, actor=actor_of(actor),
                     keep=lambda task: can_act_on_lane(user, task.lane, task.unit_id))
    _record("role_revoked", actor, username, role=role, unit=unit)


def memberships_of(user: User) -> list[Membership]:
    """A user's memberships, national ones first, then by unit code."""
    return sorted(user.memberships, key=lambda m: (m.unit is not None,
                                                   m.unit.code if m.unit else "", m.role))

