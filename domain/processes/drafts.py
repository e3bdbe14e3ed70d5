"""Drafts and approvals: how a process owner's edit becomes an immutable version.

draft ──submit──▶ submitted ──approve──▶ deployed (or approved, when the content already was
  ▲                   │                            a version of this model)
  └──── save ◀── rejected ◀──reject──┘

Four eyes: the approver is another process owner in scope, or a sysadmin, never the
author. Submission and decision each write an event in the audit chain (`system` chain);
the deploy writes its own `process_deployed` event through `operations.deploy`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

import engine
from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.clock import clock
from domain.db import db
from domain.enums import DraftStatus
from domain.errors import Conflict, Forbidden, InvalidData, NotFound
from domain.org.models import User
from domain.processes import access, draft_scenarios
from domain.processes.models import ProcessDraft, ProcessModel, ProcessVersion
from domain.processes.operations import compile_definition, deploy
from domain.processes.plain_diff import plain_diff
from domain.text import has_control_chars

EDITABLE = (DraftStatus.DRAFT, DraftStatus.REJECTED)
MAX_BPMN_CHARS = 2_000_000  # the hardened parser refuses more anyway; fail before storing


def get_draft(draft_id: int, *, actor: User) -> ProcessDraft:
    draft = db.session.get(ProcessDraft, draft_id)
    if draft is None:
        raise NotFound("draft_not_found")
    access.readable(actor, draft.model)
    return draft


def drafts_of(model: ProcessModel) -> list[ProcessDraft]:
    """A model's drafts, newest first (the studio lists open ones above its versions)."""
    return list(
        db.session.execute(
            sa.select(ProcessDraft)
            .where(ProcessDraft.model_id == model.id)
            .order_by(ProcessDraft.id.desc())
        ).scalars()
    )


def _check_note(note: Any) -> None:
    if has_control_chars(note):
        raise InvalidData("control_characters_in", details={"note": "control_characters"},
                          field="note")


def _check_content(bpmn_xml: Any, dmn_xmls: Any, forms: Any, note: Any = "") -> None:
    """What a draft or a direct deploy may hold. Control characters (NUL above all: never
    valid in XML, refused by PostgreSQL text) are a field error here, before anything is
    stored; tabs and newlines stay."""
    for field, value in (("bpmn", bpmn_xml), ("dmn", dmn_xmls), ("forms", forms)):
        if has_control_chars(value):
            raise InvalidData("control_characters_in", details={field: "control_characters"},
                              field=field)
    _check_note(note)
    if not isinstance(bpmn_xml, str) or not bpmn_xml.strip():
        raise InvalidData("bpmn_empty", details={"bpmn": "required"})
    if len(bpmn_xml) > MAX_BPMN_CHARS:
        raise InvalidData("bpmn_too_large", details={"bpmn": "too_large"})
    if not isinstance(dmn_xmls, list) or not all(isinstance(d, str) for d in dmn_xmls):
        raise InvalidData("dmn_not_a_list", details={"dmn": "list"})
    if not isinstance(forms, Mapping):
        raise InvalidData("forms_not_an_object", details={"forms": "object"})


def save_draft(
    model: ProcessModel,
    bpmn_xml: str,
    dmn_xmls: list[str] | None = None,
    forms: Mapping[str, Any] | None = None,
    *,
    actor: User,
    draft: ProcessDraft | None = None,
    note: str = "",
) -> ProcessDraft:
    """Create a draft, or update the author's open draft. DMN and forms default to the latest
    version's, so a diagram-only edit keeps the routing table and forms it was drawn with."""
    access.require_edit(actor, model)
    base = _latest(model)
    if dmn_xmls is None:
        dmn_xmls = list(draft.dmn_xml) if draft else list(base.dmn_xml if base else [])
    if forms is None:
        forms = dict(draft.forms) if draft else dict(base.forms if base else {})
    scenarios = list(draft.scenarios) if draft else list(base.scenarios if base else [])
    _check_content(bpmn_xml, dmn_xmls, forms, note)
    now = clock.now()
    if draft is None:
        draft = ProcessDraft(
            model_id=model.id,
            base_version_id=base.id if base else None,
            author_id=actor.id,
            created_at=now,
            status=DraftStatus.DRAFT,
            issues=[],
            decision_note="",
        )
        db.session.add(draft)
    else:
        if draft.model_id != model.id:
            raise NotFound("draft_not_found")
        if draft.author_id != actor.id:
            raise Forbidden("draft_author_only")
        if draft.status not in EDITABLE:
            raise Conflict("draft_not_editable", status=draft.status.value)
    draft.bpmn_xml, draft.dmn_xml, draft.forms = bpmn_xml, list(dmn_xmls), dict(forms)
    draft.scenarios = scenarios
    draft.status, draft.updated_at, draft.issues = DraftStatus.DRAFT, now, []
    draft.note = note or draft.note or ""
    draft.decided_by_id, draft.decided_at = None, None
    db.session.flush()
    return draft


def _latest(model: ProcessModel) -> ProcessVersion | None:
    return db.session.execute(
        sa.select(ProcessVersion)
        .where(ProcessVersion.model_id == model.id)
        .order_by(ProcessVersion.number.desc())
        .limit(1)
    ).scalar_one_or_none()


def check(
    bpmn_xml: str, dmn_xmls: list[str], forms: Mapping[str, Any]
) -> list[engine.ValidationIssue]:
    """The deploy command's checks, as a list of issues (empty: it would deploy)."""
    try:
        compile_definition(bpmn_xml, dmn_xmls, forms)
    except engine.DeployError as exc:
        return list(exc.issues)
    return []


def validate_draft(draft: ProcessDraft, *, actor: User) -> list[engine.ValidationIssue]:
    """Run every deploy check on the draft and remember the findings; no version is stored."""
    access.readable(actor, draft.model)
    issues = check(draft.bpmn_xml, list(draft.dmn_xml), draft.forms)
    draft.issues = [{"element_id": i.element_id, "message": i.message} for i in issues]
    db.session.flush()
    return issues


def submit_for_approval(draft: ProcessDraft, *, actor: User) -> ProcessDraft:
    """The author asks for approval; refused (DeployError) while the draft does not validate."""
    access.require_edit(actor, draft.model)
    if draft.author_id != actor.id:
        raise Forbidden("draft_author_submits")
    if draft.status not in EDITABLE:
        raise Conflict("draft_already", status=draft.status.value)
    issues = validate_draft(draft, actor=actor)
    if issues:
        raise engine.DeployError(issues)
    now = clock.now()
    draft.status, draft.submitted_at = DraftStatus.SUBMITTED, now
    db.session.flush()
    audit.record(
        "process_draft_submitted",
        actor=actor_of(actor),
        now=now,
        payload={
            "key": draft.model.key,
            "draft": draft.id,
            "note": draft.note,
            "sha256": engine.content_hash(draft.bpmn_xml, list(draft.dmn_xml), draft.forms),
        },
    )
    return draft


def _check_approver(draft: ProcessDraft, actor: User) -> None:
    if draft.status != DraftStatus.SUBMITTED:
        raise Conflict("draft_not_submitted", status=draft.status.value)
    if actor.id == draft.author_id:
        raise Forbidden("draft_needs_second_owner")
    if not access.may_approve(actor, draft.model):
        raise Forbidden("draft_approver_only")


def approve_and_deploy(draft: ProcessDraft, *, actor: User, note: str = "") -> ProcessVersion:
    """A second owner (or a sysadmin) approves: the draft becomes the model's next version.

    The checks and the draft's scenarios run again (the rules may have tightened since
    submission); a failing scenario refuses the approval. Content that is already a version
    of the model deploys nothing new: the draft ends `approved`.
    """
    access.readable(actor, draft.model)
    _check_approver(draft, actor)
    _check_note(note)
    passed = draft_scenarios.require_passing(draft)
    now = clock.now()
    audit.record(
        "process_draft_approved",
        actor=actor_of(actor),
        now=now,
        payload={
            "key": draft.model.key,
            "draft": draft.id,
            "author": draft.author_id,
            "note": note,
            "scenarios_passed": len(passed),
        },
    )
    result = deploy(
        draft.model.key,
        draft.bpmn_xml,
        list(draft.dmn_xml),
        draft.forms,
        actor=actor,
        note=draft.note or f"draft {draft.id}",
        scenarios=list(draft.scenarios or []),
    )
    draft.status = DraftStatus.DEPLOYED if result.created else DraftStatus.APPROVED
    draft.version_id, draft.decided_by_id, draft.decided_at = result.version.id, actor.id, now
    draft.decision_note = note
    db.session.flush()
    return result.version


def reject(draft: ProcessDraft, *, actor: User, note: str = "") -> ProcessDraft:
    """Send a submitted draft back to its author with a reason."""
    access.readable(actor, draft.model)
    _check_approver(draft, actor)
    _check_note(note)
    now = clock.now()
    draft.status, draft.decided_by_id, draft.decided_at = DraftStatus.REJECTED, actor.id, now
    draft.decision_note = note
    db.session.flush()
    audit.record(
        "process_draft_rejected",
        actor=actor_of(actor),
        now=now,
        payload={"key": draft.model.key, "draft": draft.id, "note": note},
    )
    return draft


def review(draft: ProcessDraft, *, actor: User) -> dict[str, Any]:
    """What an approver sees: the diff from the model's latest version to the draft (element
    by element and in plain words), or the issues that keep it from deploying."""
    access.readable(actor, draft.model)
    from domain.processes.migration import diff_definition

    base = _latest(draft.model)
    try:
        compiled = compile_definition(draft.bpmn_xml, list(draft.dmn_xml), draft.forms)
    except engine.DeployError as exc:
        issues = [{"element_id": i.element_id, "message": i.message} for i in exc.issues]
        return {"base": base, "diff": None, "plain": [], "issues": issues, "meta": None}
    diff = diff_definition(base, compiled.spec, compiled.meta, draft.forms) if base else None
    plain = plain_diff(base.bpmn_xml, base.meta, draft.bpmn_xml, compiled.meta) if base else []
    return {"base": base, "diff": diff, "plain": plain, "issues": [], "meta": compiled.meta}


def deploy_directly(
    model_key: str, bpmn_xml: str, dmn_xmls: list[str], forms: Mapping[str, Any], *, actor: User,
    note: str = "",
) -> ProcessVersion:
    """A sysadmin's deploy without a second approval (the API's documented escape hatch).

    The version records its deployer (`deployed_by_id`) and the audit event
    `process_deployed_directly` names him, so the exception stays visible.
    """
    if not access.deploys_without_approval(actor):
        raise Forbidden("direct_deploy_sysadmin_only")
    _check_content(bpmn_xml, dmn_xmls, forms, note)
    full_note = f"direct deploy: {note}" if note else "direct deploy"
    result = deploy(model_key, bpmn_xml, dmn_xmls, forms, actor=actor, note=full_note[:2000])
    audit.record(
        "process_deployed_directly",
        actor=actor_of(actor),
        payload={"key": model_key, "version": result.version.number, "created": result.created,
                 "deployed_by": actor.username},
    )
    return result.version
