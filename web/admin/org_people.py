"""`/admin/users`: officers' accounts, their roles, and the deactivate button.

The same operations as `/api/v1/admin/users` (`domain.org.people`): a coordinator sees and
changes only his agency's users; anyone else's page is 404. Forms post with their CSRF
token and answer a redirect, or the form again with the error next to its field.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.errors import DomainError, InvalidData
from domain.org import people
from domain.org.access import grantable_roles, org_scope, unit_in_scope, user_in_scope
from domain.org.directory import user_page
from domain.org.models import User
from web.admin import bp
from web.admin.org_common import field_errors, flash_refusal, form_text, guard, listed, render
from web.auth import acting_user

USER_FIELDS = ("username", "name", "email", "locale", "role", "unit", "password")


@bp.get("/users")
@guard
def users() -> str:
    user = acting_user()
    search = request.args.get("q", "")[:100]
    unit_code = request.args.get("unit", "")
    unit = unit_in_scope(user, unit_code) if unit_code else None
    page = listed(user_page, actor=user, unit=unit, search=search)
    pager_args = {key: value for key, value in (("unit", unit_code), ("q", search)) if value}
    return render("admin/users.html", page=page, q=search, unit=unit, pager_args=pager_args)


def _roles() -> tuple[str, ...]:
    return tuple(role.value for role in grantable_roles(org_scope(acting_user())))


def _new_form(form: dict[str, str], errors: dict[str, str], status: int = 200) -> tuple[str, int]:
    return render("admin/user_new.html", form=form, errors=errors, roles=_roles()), status


@bp.get("/users/new")
@guard
def user_new() -> tuple[str, int]:
    return _new_form({"unit": request.args.get("unit", "")[:64], "locale": "id",
                      "role": "liaison"}, {})


@bp.post("/users/new")
@guard
def user_create() -> Response | tuple[str, int]:
    form = form_text(*USER_FIELDS)
    try:
        user = people.create_user(acting_user(), **{**form, "password": form["password"] or None})
    except InvalidData as exc:
        return _new_form({**form, "password": ""}, field_errors(exc), 422)
    flash(_("Pengguna %(username)s ditambahkan.", username=user.username), "success")
    return redirect(url_for("admin.user_edit", username=user.username), 303)


def _edit_page(user: User, form: dict[str, str], errors: dict[str, str],
               grant: dict[str, str] | None = None, status: int = 200) -> tuple[str, int]:
    html = render("admin/user_edit.html", user=user, form=form, errors=errors,
                  memberships=people.memberships_of(user), roles=_roles(),
                  grant=grant or {"role": "liaison"}, myself=user.id == acting_user().id)
    return html, status


@bp.get("/users/<username>")
@guard
def user_edit(username: str) -> tuple[str, int]:
    user = user_in_scope(acting_user(), username)
    return _edit_page(user, {"name": user.display_name, "email": user.email or "",
                             "locale": user.locale}, {})


@bp.post("/users/<username>")
@guard
def user_update(username: str) -> Response | tuple[str, int]:
    actor = acting_user()
    user = user_in_scope(actor, username)
    form = form_text("name", "email", "locale")
    try:
        people.update_user(actor, username, **form)
    except InvalidData as exc:
        return _edit_page(user, form, field_errors(exc), status=422)
    flash(_("Pengguna %(username)s disimpan.", username=username), "success")
    return redirect(url_for("admin.user_edit", username=username), 303)


@bp.post("/users/<username>/active")
@guard
def user_active(username: str) -> Response:
    """Deactivate (as `flask users disable`: open tasks back to the unit) or reactivate."""
    active = request.form.get("active") == "1"
    try:
        people.set_user_active(acting_user(), username, active)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        flash_refusal(exc)
    else:
        flash(_("Pengguna %(username)s diaktifkan kembali.", username=username) if active else
              _("Pengguna %(username)s dinonaktifkan; tugas terbukanya kembali ke unitnya.",
                username=username), "success")
    return redirect(url_for("admin.user_edit", username=username), 303)


@bp.post("/users/<username>/roles")
@guard
def role_grant(username: str) -> Response | tuple[str, int]:
    actor = acting_user()
    user = user_in_scope(actor, username)
    grant = form_text("role", "unit")
    try:
        people.grant_role(actor, username, role=grant["role"], unit=grant["unit"] or None)
    except InvalidData as exc:
        form = {"name": user.display_name, "email": user.email or "", "locale": user.locale}
        return _edit_page(user, form, {f"grant_{k}": v for k, v in field_errors(exc).items()},
                          grant=grant, status=422)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash_refusal(exc)
    else:
        flash(_("Peran diberikan."), "success")
    return redirect(url_for("admin.user_edit", username=username), 303)


@bp.post("/users/<username>/roles/<int:membership_id>/revoke")
@guard
def role_revoke(username: str, membership_id: int) -> Response:
    try:
        people.revoke_role(acting_user(), username, membership_id)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash_refusal(exc)
    else:
        flash(_("Peran dicabut."), "success")
    return redirect(url_for("admin.user_edit", username=username), 303)
