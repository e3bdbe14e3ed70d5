"""Studio pages: the models in scope, a version with its diff, copies and case migration."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for

from domain.db import db
from domain.org.operations import agency_by_code
from domain.org.permissions import STUDIO_ROLES
from domain.processes import access, drafts, migration, queries
from domain.processes.models import ProcessModel, ProcessVersion
from domain.processes.operations import copy_model, latest_version
from domain.processes.plain_diff import plain_diff
from web.auth import acting_user, login_required
from web.studio import bp
from wording import process_diff


def _model(key: str) -> ProcessModel:
    return access.readable(acting_user(), db.session.execute(
        db.select(ProcessModel).where(ProcessModel.key == key)
    ).scalar_one_or_none())


def _version(model: ProcessModel, number: int) -> ProcessVersion:
    version = db.session.execute(
        db.select(ProcessVersion).where(
            ProcessVersion.model_id == model.id, ProcessVersion.number == number
        )
    ).scalar_one_or_none()
    if version is None:
        abort(404)
    return version


@bp.get("/", endpoint="index")
@login_required(*STUDIO_ROLES)
def index() -> str:
    from domain.org.models import Agency

    user = acting_user()
    agencies = []
    if access.is_global_owner(user):
        agencies = db.session.execute(
            db.select(Agency).where(Agency.kind != "national").order_by(Agency.name)
        ).scalars().all()
    return render_template("studio/index.html", models=queries.overview(user), agencies=agencies)


@bp.post("/models/<key>/drafts", endpoint="new_draft")
@login_required(*STUDIO_ROLES)
def new_draft(key: str) -> Response:
    """A new draft starts as a copy of the model's latest version."""
    model = _model(key)
    draft = drafts.save_draft(model, latest_version(model.key).bpmn_xml, actor=acting_user())
    return redirect(url_for("studio.draft", draft_id=draft.id), 303)


@bp.post("/models/<key>/copy", endpoint="copy")
@login_required(*STUDIO_ROLES)
def copy(key: str) -> Response:
    """An agency's own copy of a model (national owners and sysadmins)."""
    _model(key)
    agency = agency_by_code(request.form.get("agency", ""))
    if agency is None:
        abort(404)
    if not access.is_global_owner(acting_user()):
        abort(403)
    copied = copy_model(key, agency, actor=acting_user())
    flash(f"{copied.key}: v1", "success")
    return redirect(url_for("studio.index"), 303)


@bp.get("/models/<key>/versions/<int:number>", endpoint="version")
@login_required(*STUDIO_ROLES)
def version(key: str, number: int) -> str:
    model = _model(key)
    current = _version(model, number)
    previous = migration.previous_version(current)
    diff = migration.diff_versions(previous, current) if previous else None
    plain = process_diff.worded(plain_diff(
        previous.bpmn_xml, previous.meta, current.bpmn_xml, current.meta)) if previous else []
    counts = queries.case_counts([v.id for v in _all_versions(model)])
    older = [v for v in _all_versions(model) if v.number < number and counts.get(v.id, (0, 0))[0]]
    return render_template(
        "studio/version.html", model=model, version=current, previous=previous, diff=diff,
        plain=plain, counts=counts, older=older, editable=access.can_edit(acting_user(), model),
        report=None, cases=_cases_page(current),
    )


def _cases_page(version: ProcessVersion) -> queries.CasesOnVersion:
    """Which cases run on the version: 50 tracking ids a page, continuing after `?after=`."""
    try:
        return queries.cases_on_version(version.id, cursor=request.args.get("after") or None)
    except ValueError:
        abort(400)


def _all_versions(model: ProcessModel) -> list[ProcessVersion]:
    return list(db.session.execute(
        db.select(ProcessVersion).where(ProcessVersion.model_id == model.id)
        .order_by(ProcessVersion.number)
    ).scalars())


@bp.get("/models/<key>/versions/<int:number>.bpmn", endpoint="version_bpmn")
@login_required(*STUDIO_ROLES)
def version_bpmn(key: str, number: int) -> Response:
    current = _version(_model(key), number)
    return Response(current.bpmn_xml, mimetype="application/xml")


@bp.post("/models/<key>/versions/<int:number>/migrate", endpoint="migrate")
@login_required(*STUDIO_ROLES)
def migrate(key: str, number: int) -> str:
    """Move the running cases of an older version onto this one; show who moved."""
    model = _model(key)
    target = _version(model, number)
    source = _version(model, request.form.get("from", type=int) or 0)
    report = migration.migrate_cases(source, target, acting_user())
    previous = migration.previous_version(target)
    diff = migration.diff_versions(previous, target) if previous else None
    counts = queries.case_counts([v.id for v in _all_versions(model)])
    return render_template(
        "studio/version.html", model=model, version=target, previous=previous, diff=diff,
        counts=counts, older=[], editable=True, report=report, source=source, plain=[],
        cases=queries.cases_on_version(target.id),
    )
