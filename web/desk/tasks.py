"""Desk actions: complete a task, reassign it, add an internal note (privacy: privacy.py).

Each view parses the post, checks that the case is in the officer's scope (404 otherwise),
calls one domain operation and renders; the request boundary commits (web/app.py).
"""

from __future__ import annotations

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from domain.cases.tasks import NOTE_MAX_CHARS, add_note, complete_task, get_task, reassign_task
from domain.db import db
from domain.errors import Conflict, InvalidData, NotFound
from domain.org.models import User
from domain.org.permissions import DESK_ROLES
from domain.processes.operations import form_of
from forms.render import parse_submission
from web.auth import acting_user, login_required
from web.cases import readable_case
from web.desk import bp
from web.desk.routes import render_case
from web.ui import locale
from wording import errors as error_words


def _conflict(tracking_id: str) -> Response:
    """A stale page or a second click: say so plainly instead of stepping twice."""
    page = render_template("desk/conflict.html", tracking_id=tracking_id)
    return make_response(page, 409)


@bp.post("/tasks/<task_id>")
@login_required(*DESK_ROLES)
def complete(task_id: str) -> Response:
    """Complete a task from its rendered form; errors come back inline with the input kept."""
    user = acting_user()
    try:
        task = get_task(task_id)
    except NotFound:
        abort(404)
    case = readable_case(task.case.tracking_id, user)
    data = parse_submission(form_of(case.process_version_id, task.form), request.form)
    try:
        version = int(request.form.get("version", ""))
    except ValueError:
        abort(400)
    try:
        complete_task(task_id, data, actor=user, expected_version=version, locale=locale())
    except InvalidData as exc:
        errors = (error_words.field(exc.details, exc.params) if isinstance(exc.details, dict)
                  else {"_": error_words.message(exc)})
        return render_case(case, user, task_state={task_id: (data, errors)}, status=422)
    except Conflict:
        return _conflict(case.tracking_id)
    flash(_("Tugas selesai: %(task)s.", task=task.label), "success")
    return redirect(url_for("desk.inbox"), 303)


@bp.post("/tasks/<task_id>/reassign")
@login_required(*DESK_ROLES)
def reassign(task_id: str) -> Response:
    user = acting_user()
    try:
        task = get_task(task_id)
    except NotFound:
        abort(404)
    case = readable_case(task.case.tracking_id, user)
    try:
        assignee = db.session.get(User, int(request.form.get("assignee", "")))
    except ValueError:
        assignee = None
    if assignee is None:
        flash(_("Pilih rekan yang akan menerima tugas."), "error")
        return redirect(url_for("desk.case", tracking_id=case.tracking_id), 303)
    try:
        reassign_task(task_id, assignee, actor=user)
    except InvalidData:
        flash(_("Rekan tersebut tidak dapat mengerjakan tugas ini."), "error")
        return redirect(url_for("desk.case", tracking_id=case.tracking_id), 303)
    except Conflict:
        return _conflict(case.tracking_id)
    flash(_("Tugas dialihkan kepada %(name)s.", name=assignee.display_name), "success")
    return redirect(url_for("desk.case", tracking_id=case.tracking_id), 303)


@bp.post("/cases/<tracking_id>/notes")
@login_required(*DESK_ROLES)
def note(tracking_id: str) -> Response:
    """An internal note: officers in scope only, never shown to the reporter or public."""
    user = acting_user()
    case = readable_case(tracking_id, user)
    body = request.form.get("body", "")
    try:
        add_note(case, body, actor=user, internal=True)
    except InvalidData:
        too_long = len(body.strip()) > NOTE_MAX_CHARS
        error = _("Catatan paling banyak 8.000 karakter; tidak ada yang disimpan.") if too_long \
            else _("Catatan tidak boleh kosong.")
        return render_case(case, user, note_error=error, note_body=body, status=422)
    flash(_("Catatan disimpan."), "success")
    return redirect(url_for("desk.case", tracking_id=case.tracking_id, _anchor="notes"), 303)
