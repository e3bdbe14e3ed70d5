"""`/admin/open311`: the API keys of Open311 clients; issue one (shown once) or revoke it.

National admins and sysadmins hold the keys, as on the command line (`flask open311 keys`);
both call `domain.open311.keys`, which audits every issue and revocation.
"""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.errors import DomainError
from domain.open311.keys import all_keys, issue_key, revoke_key
from domain.org.permissions import OPEN311_ROLES
from web.admin import bp
from web.auth import current_user, login_required
from wording import errors as error_words


def _page(name: str = "", error: str | None = None, issued: object = None,
          status: int = 200) -> Response:
    response = make_response(render_template(
        "admin/open311.html", keys=all_keys(), name=name, error=error, issued=issued), status)
    response.headers["Cache-Control"] = "no-store"  # a new key is on the page once
    return response


@bp.get("/open311")
@login_required(*OPEN311_ROLES)
def open311_keys() -> Response:
    return _page()


@bp.post("/open311")
@login_required(*OPEN311_ROLES)
def open311_issue() -> Response:
    """Issue a key; the page shows it this once, then only its client's name remains."""
    name = request.form.get("name", "").strip()
    try:
        issued = issue_key(name, actor=current_user())
    except DomainError as exc:
        return _page(name, error_words.message(exc), status=422)
    return _page(issued=issued)


@bp.post("/open311/revoke")
@login_required(*OPEN311_ROLES)
def open311_revoke() -> Response:
    try:
        row = revoke_key(request.form.get("name", ""), actor=current_user())
    except DomainError as exc:
        flash(error_words.message(exc), "error")
        return redirect(url_for("admin.open311_keys"), 303)
    flash(_("Kunci %(name)s dicabut.", name=row.name), "success")
    return redirect(url_for("admin.open311_keys"), 303)
