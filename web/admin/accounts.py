"""`/admin/accounts`: find an account, send it a one-time reset link, or disable it.

A national admin manages every account, a coordinator those of his own agency
(`domain.org.passwords.may_manage_account`); anything else reads as "not found". Disabling
composes the same two operations as `flask users disable`: the account is closed (sessions
and tokens die) and its open tasks go back to the unit's inbox, each step audited.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.audit.actors import actor as actor_of
from domain.cases.tasks import release_tasks_of
from domain.enums import Role
from domain.errors import Forbidden, InvalidData, NotFound
from domain.org.operations import disable_user
from domain.org.passwords import RESET_TTL, issue_reset, managed_user
from web.admin import bp
from web.auth import acting_user, login_required
from wording import errors as error_words

ACCOUNT_ROLES = (Role.NATIONAL_ADMIN, Role.COORDINATOR)


@bp.get("/accounts")
@login_required(*ACCOUNT_ROLES)
def accounts() -> tuple[str, int]:
    """?username=...: the account's state and its buttons; unknown or out of scope: a note."""
    wanted = request.args.get("username", "").strip()
    user = None
    if wanted:
        try:
            user = managed_user(acting_user(), wanted)
        except NotFound:
            user = None
    status = 404 if wanted and user is None else 200
    return render_template("admin/accounts.html", wanted=wanted, user=user,
                           ttl_hours=int(RESET_TTL.total_seconds() // 3600)), status


@bp.post("/accounts/<username>/reset-link")
@login_required(*ACCOUNT_ROLES)
def account_reset_link(username: str) -> Response:
    actor = acting_user()
    user = managed_user(actor, username)
    link = lambda token: url_for("desk.reset", token=token, _external=True)  # noqa: E731
    try:
        issue_reset(user, actor=actor, link=link)
    except (Forbidden, InvalidData) as exc:
        flash(error_words.message(exc), "error")
    else:
        flash(_("Tautan atur ulang kata sandi dikirim ke email %(username)s.",
                username=username), "success")
    return redirect(url_for("admin.accounts", username=username), 303)


@bp.post("/accounts/<username>/disable")
@login_required(*ACCOUNT_ROLES)
def account_disable(username: str) -> Response:
    actor = acting_user()
    user = managed_user(actor, username)
    if user.id == actor.id:
        flash(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), "error")
        return redirect(url_for("admin.accounts", username=username), 303)
    changed = disable_user(user, actor=actor_of(actor))
    released = release_tasks_of(user, actor=actor_of(actor))
    flash(_("%(username)s dinonaktifkan; %(n)d tugas terbuka kembali ke unitnya.",
            username=username, n=released) if changed
          else _("%(username)s sudah nonaktif.", username=username), "success")
    return redirect(url_for("admin.accounts", username=username), 303)
