"""Desk pages: login, logout, the inbox, the case list, the case page and attachments."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from domain.cases.at_risk import risks
from domain.cases.attachments import attachments_of, download_name, open_attachment
from domain.cases.categories import active_categories, category_label
from domain.cases.duplicates import flagged
from domain.cases.flags import may_raise_flags
from domain.cases.history import Audience, audit_trail, notes_of, timeline
from domain.cases.identity import (
    may_approve_identity,
    may_see_identity,
    needs_approval,
    requests_of,
)
from domain.cases.models import Case, HumanTask
from domain.cases.queries import (
    inbox,
    suggested_unit,
)
from domain.cases.shield_overrides import FIELDS
from domain.cases.shielded import case_text, sees_original, shown_events, shown_notes, titles
from domain.channels.queries import has_incomplete_message, thread
from domain.clock import clock
from domain.db import db
from domain.enums import TaskState
from domain.org.models import User
from domain.org.operations import authenticate
from domain.org.permissions import AUDIT_ROLES, CASE_READER_ROLES, DESK_ROLES, works_at_desk
from domain.org.queries import agency_choices, members_for_lane, unit_choices
from domain.org.scope import can_act_on_lane, lanes_for
from domain.processes.operations import form_of
from forms.render import Option, build_fields, category_fields
from forms.render import title as form_title
from web.auth import acting_user, login_required, login_session, logout_session
from web.cases import case_search, pager_args, readable_case
from web.desk import bp
from web.desk.duplicates import duplicate_rows, merge_undo_allowed
from web.extensions import limiter
from web.login_throttle import login_throttle
from web.redirects import local_path
from web.ui import locale
from wording import channels as channel_words
from wording import labels


def home_for(user: User) -> str:
    if works_at_desk(user):
        return url_for("desk.inbox")
    if user.has_role(*AUDIT_ROLES):
        return url_for("audit.search")
    return url_for("portal.home")


def _submitted_username() -> str:
    return request.form.get("username", "").strip()


def _locked(which: str) -> Response:
    """The login page again, saying why (failed attempts of the account or from this address,
    not the password)."""
    error = (_("Terlalu banyak percobaan masuk yang gagal untuk akun ini; coba lagi nanti.")
             if which == "account" else
             _("Terlalu banyak percobaan masuk yang gagal dari alamat ini; coba lagi nanti."))
    page = render_template("desk/login.html", username=_submitted_username(), error=error)
    return make_response(page, 429)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
@login_throttle(_submitted_username, on_breach=_locked)
def login() -> Response | str:
    error = None
    username = ""
    if request.method == "POST":
        username = _submitted_username()
        user = authenticate(username, request.form.get("password", ""))
        if user is not None:
            login_session(user)
            # Only a path on this site, never an open redirect (web/redirects.py).
            return redirect(local_path(request.args.get("next")) or home_for(user), 303)
        error = _("Nama pengguna atau kata sandi salah.")
    page = render_template("desk/login.html", error=error, username=username)
    return make_response(page, 401 if error else 200)


@bp.post("/logout")
def logout() -> Response:
    logout_session()
    return redirect(url_for("portal.home"), 303)


@bp.get("/", endpoint="inbox")
@login_required(*DESK_ROLES)
def inbox_page() -> str:
    """My ready tasks, soonest deadline first; filters by lane and overdue, keyset pages."""
    user = acting_user()
    lane = request.args.get("lane") or None
    overdue = request.args.get("overdue") == "1"
    now = clock.now()
    try:
        page = inbox(user, cursor=request.args.get("after") or None, lane=lane,
                     overdue_before=now if overdue else None)
    except ValueError:
        abort(400)
    return render_template("desk/inbox.html", page=page, lane=lane, overdue=overdue, now=now,
                           titles=titles([t.case for t in page.items], user),
                           risks=risks(page.items, now),
                           # verify tasks whose case had open look-alikes when it was filed
                           maybe_duplicates=flagged([t.case_id for t in page.items
                                                     if t.spec == "verify"]),
                           lanes=sorted(lanes_for(user) - {"reporter"}), args=pager_args())


@bp.get("/cases")
@login_required(*DESK_ROLES)
def cases() -> Response | str:
    return case_search("desk/cases.html", "desk.case")


def _category_options(case: Case) -> list[Option]:
    """The active categories, and the case's own even when it was deactivated since."""
    lang = locale()
    options = [Option(c.code, c.name(lang)) for c in active_categories()]
    if case.category not in {o.value for o in options}:
        options.append(Option(case.category, category_label(case.category, lang)))
    return options


def _choices(case: Case, key: str, form: dict[str, Any]) -> dict[str, list[Option]]:
    """Database-backed options for unit, agency and category widgets (small lists only)."""
    widgets = form.get("ui", {}).get("widgets", {})
    choices: dict[str, list[Option]] = {
        name: _category_options(case) for name in category_fields(key, form)}
    units = agencies = None
    for name, widget in widgets.items():
        if widget in ("unit", "units"):
            units = units if units is not None else unit_choices(case.agency_id)
            if len(units) <= 300:
                choices[name] = [Option(u.code, u.name) for u in units]
        elif widget == "agency":
            agencies = agencies if agencies is not None else agency_choices()
            if len(agencies) <= 300:
                choices[name] = [Option(a.code, a.name) for a in agencies]
    return choices


def _prefill(case: Case, form: dict[str, Any]) -> dict[str, Any]:
    """Start from what the case already says: its unit (else the routing table's
    suggestion), title and category."""
    properties = form["schema"].get("properties", {})
    values: dict[str, Any] = {}
    unit = (case.unit or suggested_unit(case)) if "unit_code" in properties else None
    if unit is not None:
        values["unit_code"] = unit.code
    if "summary" in properties:
        values["summary"] = case.title
    if "category" in properties:
        values["category"] = case.category
    return values


def task_panels(case: Case, user: User, state: dict[str, tuple[dict, dict]]) -> list[dict]:
    """The case's ready tasks; those this user may act on carry their rendered form."""
    tasks = db.session.execute(
        sa.select(HumanTask).where(HumanTask.case_id == case.id,
                                   HumanTask.state == TaskState.READY).order_by(HumanTask.id)
    ).scalars().all()
    panels = []
    for task in tasks:
        panel: dict[str, Any] = {"task": task, "fields": None}
        if task.lane != "reporter" and can_act_on_lane(user, task.lane, task.unit_id):
            form = form_of(case.process_version_id, task.form)
            values, errors = state.get(task.id, (_prefill(case, form), {}))
            panel.update(
                fields=build_fields(form, locale(), values=values, errors=errors,
                                    choices=_choices(case, task.form, form)),
                errors=errors, title=form_title(form, locale(), task.label),
                colleagues=[u for u in members_for_lane(task.lane, task.unit_id)],
            )
        panels.append(panel)
    return panels


def _notes(case: Case, user: User) -> list:
    """The notes as this officer may read them: original for the verifying role."""
    notes = notes_of(case, include_internal=True)
    return notes if sees_original(user) else shown_notes(notes, case)


def render_case(case: Case, user: User, *, task_state: dict | None = None,
                note_error: str | None = None, note_body: str = "",
                identity_error: str | None = None, identity_reason: str = "",
                export_error: str | None = None, shield_error: str | None = None,
                status: int = 200) -> Response:
    """The desk's case page (also re-rendered with errors after a failed post)."""
    sensitive = needs_approval(case)
    panels = task_panels(case, user, task_state or {})
    page = render_template(
        "desk/case.html", case=case, attachments=attachments_of(case),
        text=case_text(case), reveal=sees_original(user),
        steps=timeline(case, Audience.OFFICER, masked=not sees_original(user)),
        events=audit_trail(case) if sees_original(user) else shown_events(audit_trail(case),
                                                                           case),
        notes=_notes(case, user),
        panels=panels, duplicates=duplicate_rows(case, user, panels),
        merge_undo=merge_undo_allowed(case, user),
        may_see_identity=may_see_identity(user, case), may_raise_flags=may_raise_flags(user, case),
        sensitive=sensitive, identity_requests=requests_of(case) if sensitive else [],
        may_approve=may_approve_identity(user), me=f"user:{user.id}", export_error=export_error,
        identity_error=identity_error, identity_reason=identity_reason,
        shield_error=shield_error, shield_fields=[(f, labels.text_field(f)) for f in FIELDS],
        note_error=note_error, note_body=note_body, now=clock.now(),
        thread=thread(case, reveal=sees_original(user)), thread_words=channel_words,
        incomplete_message=has_incomplete_message(case),
    )
    return make_response(page, status)


@bp.get("/cases/<tracking_id>")
@login_required(*DESK_ROLES)
def case(tracking_id: str) -> Response:
    user = acting_user()
    return render_case(readable_case(tracking_id, user), user)


@bp.get("/cases/<tracking_id>/attachments/<int:attachment_id>")
@login_required(*CASE_READER_ROLES)
def attachment(tracking_id: str, attachment_id: int) -> Response:
    """A file of a case in the reader's scope, always as a download (never rendered inline).

    Type and extension are the ones detected at upload, never the uploader's file name.
    """
    case = readable_case(tracking_id, acting_user())
    row, path = open_attachment(attachment_id, case)
    response = send_file(path, mimetype=row.content_type, as_attachment=True,
                         download_name=download_name(row), max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response

