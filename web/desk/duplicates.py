"""Duplicates on the verifier's case page: the suggested open cases with their score, and
the merge (never automatic). The rules are `domain.cases.duplicates`'."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from domain.cases.duplicates import merge, suggestions
from domain.cases.models import Case
from domain.cases.queries import find_case
from domain.cases.shielded import titles
from domain.errors import Conflict, InvalidData, NotFound
from domain.org.models import User
from domain.org.permissions import DESK_ROLES
from web.auth import acting_user, login_required
from web.cases import readable_case
from web.desk import bp
from wording import errors as error_words


def duplicate_rows(case: Case, user: User, panels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Suggestions for whoever can verify this case now (its verify form is on the page)."""
    if not any(p["task"].spec == "verify" and p["fields"] is not None for p in panels):
        return []
    found = suggestions(case)
    shown = titles([s.case for s in found], user)
    return [{"case": s.case, "title": shown[s.case.id], "score": s.score,
             "distance": None if s.distance_m is None else round(s.distance_m)}
            for s in found]


@bp.post("/cases/<tracking_id>/merge")
@login_required(*DESK_ROLES)
def merge_case(tracking_id: str) -> Response:
    """Archive this case as a duplicate of the chosen primary (both in the officer's scope)."""
    user = acting_user()
    duplicate = readable_case(tracking_id, user)
    try:
        primary = readable_case(find_case(request.form.get("primary", "")).tracking_id, user)
        merge(duplicate, primary, actor=user)
    except NotFound:
        abort(404)
    except (Conflict, InvalidData) as exc:
        flash(error_words.message(exc), "error")
        return redirect(url_for("desk.case", tracking_id=duplicate.tracking_id), 303)
    flash(_("Laporan %(dup)s digabung ke %(primary)s sebagai duplikat.",
            dup=duplicate.tracking_id, primary=primary.tracking_id), "success")
    return redirect(url_for("desk.case", tracking_id=primary.tracking_id), 303)
