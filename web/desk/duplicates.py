"""Duplicates on the verifier's case page: the suggested open cases with their score, the
merge (never automatic) and its same-day undo. The rules are `domain.cases.duplicates`' and
`domain.cases.merging`'."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from domain.cases.duplicates import shown_suggestions
from domain.cases.merging import merge, open_merge, undo_merge, undo_possible
from domain.cases.models import Case, HumanTask
from domain.cases.queries import find_case
from domain.cases.shielded import titles
from domain.db import db
from domain.errors import Conflict, InvalidData, NotFound
from domain.org.models import User
from domain.org.permissions import DESK_ROLES
from domain.org.scope import can_act_on_lane
from web.auth import acting_user, login_required
from web.cases import readable_case
from web.desk import bp
from wording import errors as error_words


def duplicate_rows(case: Case, user: User, panels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Suggestions for whoever can verify this case now (its verify form is on the page)."""
    if not any(p["task"].spec == "verify" and p["fields"] is not None for p in panels):
        return []
    found = shown_suggestions(case)
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


def _may_verify_again(case: Case, user: User) -> bool:
    """Whoever could complete the verify task the merge completed (its lane and unit)."""
    row = open_merge(case) if case.duplicate_of_id else None
    task = db.session.get(HumanTask, row.snapshot["task"]) if row is not None else None
    return task is not None and can_act_on_lane(user, task.lane, task.unit_id)


def merge_undo_allowed(case: Case, user: User) -> bool:
    """The undo button: a merge made today, for whoever could verify the case again."""
    return _may_verify_again(case, user) and undo_possible(case)


@bp.post("/cases/<tracking_id>/unmerge")
@login_required(*DESK_ROLES)
def unmerge_case(tracking_id: str) -> Response:
    """Undo today's merge of this case: it is back in verification, its own reporter's.
    After that day the merge stands: refused in words."""
    user = acting_user()
    duplicate = readable_case(tracking_id, user)
    if not _may_verify_again(duplicate, user):
        abort(404)
    try:
        undo_merge(duplicate, actor=user)
    except Conflict as exc:
        flash(error_words.message(exc), "error")
        return redirect(url_for("desk.case", tracking_id=duplicate.tracking_id), 303)
    flash(_("Penggabungan laporan %(dup)s dibatalkan; laporan kembali diverifikasi.",
            dup=duplicate.tracking_id), "success")
    return redirect(url_for("desk.case", tracking_id=duplicate.tracking_id), 303)
