"""`POST /admin/users/<username>/reset-link`: the reset button of the user page.

Whoever manages the account (`domain.org.access`: a national admin, or the coordinator of
the user's agency) sends a one-time link to its e-mail (`domain.org.passwords.issue_reset`);
anyone else reads "not found". Deactivating is the user page's own button
(`web/admin/org_people.py`).
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.errors import Forbidden, InvalidData
from domain.org.access import user_in_scope
from domain.org.passwords import issue_reset
from web.admin import bp
from web.admin.org_common import guard
from web.auth import acting_user
from wording import errors as error_words


def _link(token: str) -> str:
    return url_for("desk.reset", token=token, _external=True)


@bp.post("/users/<username>/reset-link")
@guard
def user_reset_link(username: str) -> Response:
    actor = acting_user()
    user = user_in_scope(actor, username)
    try:
        issue_reset(user, actor=actor, link=_link)
    except (Forbidden, InvalidData) as exc:
        flash(error_words.message(exc), "error")
    else:
        flash(_("Tautan atur ulang kata sandi dikirim ke email %(username)s.",
                username=username), "success")
    return redirect(url_for("admin.user_edit", username=username), 303)
