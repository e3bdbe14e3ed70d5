"""Desk actions on a reporter's privacy: raise a flag, open the identity (with a reason), ask
for and approve an identity look in a sensitive category.

Each view checks that the case is in the officer's scope (404 otherwise), calls one domain
operation (domain/cases/flags.py, domain/cases/identity.py) and renders or redirects; the
request boundary commits (web/app.py).
"""

from __future__ import annotations

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from domain.cases import subject_access
from domain.cases.attachments import storage_root
from domain.cases.flags import FLAGS, raise_flags
from domain.cases.identity import approve_identity_view, reporter_identity, request_identity_view
from domain.clock import clock
from domain.errors import Conflict, Forbidden, InvalidData, NotFound
from domain.org.permissions import DESK_ROLES
from web.auth import acting_user, login_required
from web.cases import readable_case
from web.desk import bp
from web.desk.routes import render_case
from wording import errors as error_words


def _back(tracking_id: str) -> Response:
    return redirect(url_for("desk.case", tracking_id=tracking_id, _anchor="privacy"), 303)


@bp.post("/cases/<tracking_id>/flags")
@login_required(*DESK_ROLES)
def raise_flag(tracking_id: str) -> Response:
    """Make the case anonymous or confidential; lowering is the reporter's, never here."""
    user = acting_user()
    case = readable_case(tracking_id, user)
    flag = request.form.get("flag", "")
    if flag not in FLAGS:
        abort(400)
    try:
        raised = raise_flags(case, actor=user, **{flag: True})
    except NotFound:
        abort(404)
    except Conflict:
        flash(error_words.message(Conflict("case_changed")), "error")
        return _back(case.tracking_id)
    if raised:
        flash(_("Laporan kini anonim.") if flag == "anonymous"
              else _("Laporan kini rahasia: tidak tampil lagi untuk publik."), "success")
    return _back(case.tracking_id)


@bp.post("/cases/<tracking_id>/identity")
@login_required(*DESK_ROLES)
def identity(tracking_id: str) -> Response:
    """The reporter's identity, on an explicit request with a reason only: each look audited."""
    user = acting_user()
    case = readable_case(tracking_id, user)
    reason = request.form.get("reason", "")
    try:
        reporter = reporter_identity(case, actor=user, reason=reason)
    except Forbidden as exc:
        if exc.reason == "identity_needs_approval":
            flash(error_words.message(exc), "error")
            return _back(case.tracking_id)
        abort(403)
    except InvalidData as exc:
        return render_case(case, user, identity_error=error_words.message(exc),
                           identity_reason=reason, status=422)
    response = make_response(render_template("desk/identity.html", case=case, reporter=reporter))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/cases/<tracking_id>/identity/requests")
@login_required(*DESK_ROLES)
def identity_request(tracking_id: str) -> Response:
    """Ask a second verifying officer to approve opening a sensitive case's identity."""
    user = acting_user()
    case = readable_case(tracking_id, user)
    reason = request.form.get("reason", "")
    try:
        request_identity_view(case, actor=user, reason=reason)
    except Forbidden:
        abort(403)
    except Conflict as exc:
        flash(error_words.message(exc), "error")
        return _back(case.tracking_id)
    except InvalidData as exc:
        return render_case(case, user, identity_error=error_words.message(exc),
                           identity_reason=reason, status=422)
    flash(_("Permintaan dicatat; menunggu persetujuan petugas verifikasi lain."), "success")
    return _back(case.tracking_id)


@bp.post("/cases/<tracking_id>/identity/requests/<int:seq>/approve")
@login_required(*DESK_ROLES)
def identity_approve(tracking_id: str, seq: int) -> Response:
    """A second verifying officer approves another's request (audited)."""
    user = acting_user()
    case = readable_case(tracking_id, user)
    try:
        approve_identity_view(case, seq, actor=user)
    except NotFound:
        abort(404)
    except (Forbidden, Conflict) as exc:
        flash(error_words.message(exc), "error")
        return _back(case.tracking_id)
    flash(_("Permintaan disetujui."), "success")
    return _back(case.tracking_id)


@bp.post("/cases/<tracking_id>/reporter-export")
@login_required(*DESK_ROLES)
def reporter_export(tracking_id: str) -> Response:
    """UU PDP: everything held about this case's reporter, as JSON or ZIP (audited)."""
    user = acting_user()
    case = readable_case(tracking_id, user)
    reason = request.form.get("reason", "")
    as_zip = request.form.get("format") == "zip"
    try:
        data = subject_access.export_reporter(case, actor=user, reason=reason, now=clock.now())
    except Forbidden as exc:
        if exc.reason == "identity_needs_approval":
            flash(error_words.message(exc), "error")
            return _back(case.tracking_id)
        abort(403)
    except InvalidData as exc:
        return render_case(case, user, export_error=error_words.message(exc), status=422)
    body = subject_access.as_zip(data, storage_root()) if as_zip else \
        subject_access.as_json(data)
    response = make_response(body)
    response.mimetype = "application/zip" if as_zip else "application/json"
    name = f"aduan-pelapor-{case.tracking_id}.{'zip' if as_zip else 'json'}"
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    response.headers["Cache-Control"] = "no-store"
    return response
