"""`/admin/webhooks`: each agency's connected systems hear of its cases' status changes.

National admins and sysadmins add a URL for an agency (the signing secret is shown once)
or remove it; `domain.integrations.webhooks` audits both, the CLI (`flask webhooks`) calls
the same operations.
"""

from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.errors import DomainError
from domain.integrations.webhooks import add_webhook, all_webhooks, remove_webhook
from domain.org.permissions import INTEGRATION_ROLES
from web.admin import bp
from web.auth import current_user, login_required
from wording import errors as error_words


def _page(form: dict[str, str] | None = None, error: str | None = None, added: object = None,
          status: int = 200) -> Response:
    response = make_response(render_template(
        "admin/webhooks.html", hooks=all_webhooks(), form=form or {}, error=error,
        added=added), status)
    response.headers["Cache-Control"] = "no-store"  # a new secret is on the page once
    return response


@bp.get("/webhooks")
@login_required(*INTEGRATION_ROLES)
def webhooks() -> Response:
    return _page()


@bp.post("/webhooks")
@login_required(*INTEGRATION_ROLES)
def webhook_add() -> Response:
    form = {"agency": request.form.get("agency", ""), "url": request.form.get("url", "")}
    try:
        added = add_webhook(form["agency"], form["url"], actor=current_user(),
                            app_secret=current_app.config["SECRET_KEY"])
    except DomainError as exc:
        return _page(form, error_words.message(exc), status=422)
    return _page(added=added)


@bp.post("/webhooks/remove")
@login_required(*INTEGRATION_ROLES)
def webhook_remove() -> Response:
    try:
        row = remove_webhook(int(request.form.get("id", "0") or 0), actor=current_user())
    except (DomainError, ValueError):
        flash(_("Webhook tidak ditemukan."), "error")
        return redirect(url_for("admin.webhooks"), 303)
    flash(_("Webhook %(url)s dihapus.", url=row.url), "success")
    return redirect(url_for("admin.webhooks"), 303)
