"""Process models over the API: list, read, upload a version, approve a draft.

Deploying follows the studio's four-eyes rule: a process owner's upload becomes a submitted
draft (202 with its id) and another owner, or a sysadmin, approves it (201 with the version).
A sysadmin's upload deploys directly (201); the version records him as `deployed_by` and the
audit chain marks it `process_deployed_directly` with his user id and name.
An invalid definition answers 422 with `details: [{element_id, message}]` (web/errors.py), and
nothing of it was run: every check happens before the engine parses the file.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request, url_for
from marshmallow import Schema, fields

from domain.db import db
from domain.errors import InvalidData, NotFound
from domain.org.models import User
from domain.org.permissions import STUDIO_ROLES
from domain.processes import access, draft_scenarios, drafts, queries
from domain.processes.models import ProcessModel, ProcessVersion
from domain.processes.operations import model_by_key
from web.api import bp
from web.api.common import officer
from web.auth import login_required

MAX_BPMN_BYTES = 2 * 1024 * 1024


class _Out(Schema):
    class Meta:
        ordered = True


class ProcessVersionSummarySchema(_Out):
    number = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    process_id = fields.String(required=True)
    note = fields.String()
    deployed_at = fields.DateTime(required=True)
    deployed_by = fields.String(allow_none=True)
    running_cases = fields.Integer(metadata={"description": "Open cases pinned to it"})
    total_cases = fields.Integer()


class ProcessModelSchema(_Out):
    key = fields.String(required=True, metadata={"example": "complaint"})
    title = fields.String(required=True, metadata={"description": "The model's name"})
    agency = fields.String(allow_none=True, metadata={"description": "Agency code of a copy"})
    latest_version = fields.Integer(allow_none=True)
    versions = fields.List(fields.Nested(ProcessVersionSummarySchema))


class ProcessModelListSchema(_Out):
    items = fields.List(fields.Nested(ProcessModelSchema), required=True)


class ProcessVersionSchema(ProcessVersionSummarySchema):
    key = fields.String(required=True)
    bpmn = fields.String(required=True, metadata={"description": "The BPMN 2.0 XML"})
    dmn = fields.List(fields.String(), metadata={"description": "DMN XML documents"})
    forms = fields.Dict(metadata={"description": "Form key → JSON Schema + UI"})


class ProcessUploadSchema(Schema):
    bpmn = fields.String(required=True, metadata={"description": "BPMN 2.0 XML"})
    dmn = fields.List(fields.String(), metadata={"description": "Default: the latest version's"})
    forms = fields.Dict(metadata={"description": "Default: the latest version's forms"})
    note = fields.String()
    scenarios = fields.List(fields.Dict(), metadata={
        "description": "Given/when/then scenarios (docs/process-studio.md); default: the latest "
                       "version's. Approval is refused while one fails."})


class DraftAcceptedSchema(_Out):
    draft_id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"example": "submitted"})
    approve_url = fields.String(required=True)


def _agency_codes(models: list[ProcessModel]) -> dict[int, str]:
    from domain.org.models import Agency

    ids = [m.agency_id for m in models if m.agency_id]
    if not ids:
        return {}
    return dict(
        db.session.execute(db.select(Agency.id, Agency.code).where(Agency.id.in_(ids))).all()
    )


def _version_json(
    version: ProcessVersion, deployed_by: str | None, counts: tuple[int, int]
) -> dict[str, Any]:
    return {
        "number": version.number,
        "sha256": version.sha256,
        "process_id": version.process_id,
        "note": version.note,
        "deployed_at": version.deployed_at.isoformat(),
        "deployed_by": deployed_by,
        "running_cases": counts[0],
        "total_cases": counts[1],
    }


def _model_json(item: queries.ModelOverview, agencies: dict[int, str]) -> dict[str, Any]:
    versions = [
        _version_json(r.version, r.deployed_by, (r.running, r.total)) for r in item.versions
    ]
    return {
        "key": item.model.key,
        "title": item.model.name,
        "agency": agencies.get(item.model.agency_id) if item.model.agency_id else None,
        "latest_version": versions[0]["number"] if versions else None,
        "versions": versions,
    }


@bp.get("/process-models")
@login_required(*STUDIO_ROLES)
def list_process_models() -> Response:
    """The models in the caller's scope, each with its versions (newest first)."""
    overview = queries.overview(officer())
    agencies = _agency_codes([item.model for item in overview])
    return jsonify({"items": [_model_json(item, agencies) for item in overview]})


def _overview_of(user: User, key: str) -> queries.ModelOverview:
    for item in queries.overview(user):
        if item.model.key == key:
            return item
    raise NotFound("process_model_not_found")


@bp.get("/process-models/<key>")
@login_required(*STUDIO_ROLES)
def get_process_model(key: str) -> Response:
    item = _overview_of(officer(), key)
    return jsonify(_model_json(item, _agency_codes([item.model])))


@bp.get("/process-models/<key>/versions/<int:number>")
@login_required(*STUDIO_ROLES)
def get_process_version(key: str, number: int) -> Response:
    item = _overview_of(officer(), key)
    row = next((r for r in item.versions if r.version.number == number), None)
    if row is None:
        raise NotFound("process_version_not_found")
    body = _version_json(row.version, row.deployed_by, (row.running, row.total))
    body.update(
        {
            "key": key,
            "bpmn": row.version.bpmn_xml,
            "dmn": row.version.dmn_xml,
            "forms": row.version.forms,
        }
    )
    return jsonify(body)


def _upload() -> tuple[str, list[str] | None, dict[str, Any] | None, str, Any]:
    """(bpmn, dmn, forms, note, scenarios) from an XML body or a JSON object."""
    if request.mimetype in ("application/xml", "text/xml", "application/bpmn+xml"):
        raw = request.get_data(cache=False)
        if len(raw) > MAX_BPMN_BYTES:
            raise InvalidData("bpmn_too_large", details={"bpmn": "too_large"})
        return raw.decode("utf-8", errors="replace"), None, None, "", None
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("bpmn"), str):
        raise InvalidData("bpmn_body_required", details={"bpmn": "required"})
    return (body["bpmn"], body.get("dmn"), body.get("forms"), str(body.get("note") or ""),
            body.get("scenarios"))


def _deployer(version: ProcessVersion) -> str | None:
    if version.deployed_by_id is None:
        return None
    user = db.session.get(User, version.deployed_by_id)
    return user.username if user else None


def _created(version: ProcessVersion) -> Response:
    body = _version_json(version, _deployer(version), queries.case_counts([version.id]).get(
        version.id, (0, 0)))
    response = jsonify({**body, "key": version.model.key})
    response.status_code = 201
    response.headers["Location"] = url_for(
        "api.get_process_version", key=version.model.key, number=version.number
    )
    return response


@bp.post("/process-models/<key>/versions")
@login_required(*STUDIO_ROLES)
def upload_process_version(key: str) -> Response:
    """A sysadmin deploys at once (201); a process owner's upload waits for approval (202)."""
    user = officer()
    bpmn, dmn, forms, note, scenarios = _upload()
    if access.deploys_without_approval(user):
        base = _latest_or_none(key)
        version = drafts.deploy_directly(
            key,
            bpmn,
            dmn if dmn is not None else list(base.dmn_xml if base else []),
            forms if forms is not None else dict(base.forms if base else {}),
            actor=user,
            note=note,
        )
        return _created(version)
    model = access.readable(user, _model_or_none(key))
    draft = drafts.save_draft(model, bpmn, dmn, forms, actor=user, note=note)
    if scenarios is not None:
        draft_scenarios.save_scenarios(draft, scenarios, actor=user)
    drafts.submit_for_approval(draft, actor=user)
    response = jsonify(
        {
            "draft_id": draft.id,
            "status": draft.status.value,
            "approve_url": url_for("api.approve_process_draft", key=key, draft_id=draft.id),
        }
    )
    response.status_code = 202
    return response


def _model_or_none(key: str) -> ProcessModel | None:
    try:
        return model_by_key(key)
    except NotFound:
        return None


def _latest_or_none(key: str) -> ProcessVersion | None:
    from domain.processes.operations import latest_version

    try:
        return latest_version(key)
    except NotFound:
        return None


@bp.post("/process-models/<key>/drafts/<int:draft_id>/approve")
@login_required(*STUDIO_ROLES)
def approve_process_draft(key: str, draft_id: int) -> Response:
    """Another process owner (or a sysadmin) approves: the draft deploys as the next version."""
    user = officer()
    draft = drafts.get_draft(draft_id, actor=user)
    if draft.model.key != key:
        raise NotFound("draft_not_found")
    note = str((request.get_json(silent=True) or {}).get("note") or "")[:2000]
    return _created(drafts.approve_and_deploy(draft, actor=user, note=note))
