"""Studio draft views: the modeler, saving, validation, submission, approval, DMN and forms.

JSON endpoints answer the modeler's fetch calls (CSRF token in X-CSRFToken); the decision
buttons are plain forms that redirect, so approval works without any script.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from flask import (
    Response,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from domain.db import db
from domain.errors import InvalidData
from domain.org.permissions import STUDIO_ROLES
from domain.processes import access, draft_scenarios, drafts
from domain.processes.models import ProcessDraft
from domain.sla.rules import RULES
from forms.registry import FormDefinitionError, check_form
from forms.render import build_fields, title
from web.auth import acting_user, login_required
from web.studio import bp
from web.ui import locale
from wording import errors as error_words
from wording import process_diff, rules
from wording import scenarios as scenario_words

# A form key names a JSON file and a `form` property in the diagram: lower-case, short.
FORM_KEY = re.compile(r"[a-z][a-z0-9_]{1,40}")
# Where a new form starts: an object with no fields yet, a bilingual title to overwrite.
MINIMAL_FORM: dict[str, Any] = {
    "title": {"id": "Formulir baru", "en": "New form"},
    "schema": {"type": "object", "additionalProperties": False, "properties": {},
               "required": []},
    "ui": {"order": [], "labels": {}},
}


def _draft(draft_id: int) -> ProcessDraft:
    return drafts.get_draft(draft_id, actor=acting_user())


def _rules() -> list[dict[str, Any]]:
    return [{"id": r.id, "label": rules.label(r), "working_days": r.working_days}
            for r in RULES.values()]


@bp.get("/drafts/<int:draft_id>", endpoint="draft")
@login_required(*STUDIO_ROLES)
def draft_page(draft_id: int) -> Response:
    """The author edits an open draft in the modeler; everyone else reviews it."""
    return _draft_page(_draft(draft_id))


def _editing(draft: ProcessDraft) -> bool:
    return draft.author_id == acting_user().id and draft.status in drafts.EDITABLE


def _draft_page(draft: ProcessDraft, *, form_error: str | None = None, form_key: str = "",
                status: int = 200) -> Response:
    user = acting_user()
    editing = _editing(draft)
    may_decide = access.may_decide(user, draft)
    review = None if editing else drafts.review(draft, actor=user)
    plain = process_diff.worded(review["plain"]) if review else []
    return make_response(render_template(
        "studio/draft.html", draft=draft, editing=editing, may_decide=may_decide,
        review=review, plain=plain, rules=_rules(), forms=sorted(draft.forms),
        form_error=form_error, form_key=form_key,
    ), status)


@bp.post("/drafts/<int:draft_id>/forms", endpoint="new_form")
@login_required(*STUDIO_ROLES)
def new_form(draft_id: int) -> Response:
    """Add a form to the author's open draft, from a minimal schema, and open its editor."""
    draft = _draft(draft_id)
    key = request.form.get("key", "").strip()
    error = None
    if not FORM_KEY.fullmatch(key):
        error = _("Kunci formulir: huruf kecil, angka dan garis bawah, diawali huruf, "
                  "2 sampai 41 karakter (misalnya tinjau_jawaban).")
    elif key in draft.forms:
        error = _("Formulir %(key)s sudah ada di draf ini.", key=key)
    if error:
        return _draft_page(draft, form_error=error, form_key=key, status=422)
    forms = {**draft.forms, key: copy.deepcopy(MINIMAL_FORM)}
    drafts.save_draft(draft.model, draft.bpmn_xml, list(draft.dmn_xml), forms,
                      actor=acting_user(), draft=draft)
    flash(_("Formulir %(key)s ditambahkan ke draf.", key=key), "success")
    return redirect(url_for("studio.form", draft_id=draft.id, key=key), 303)


@bp.get("/drafts/<int:draft_id>.bpmn", endpoint="draft_bpmn")
@login_required(*STUDIO_ROLES)
def draft_bpmn(draft_id: int) -> Response:
    return Response(_draft(draft_id).bpmn_xml, mimetype="application/xml")


@bp.get("/drafts/<int:draft_id>/dmn.xml", endpoint="draft_dmn_xml")
@login_required(*STUDIO_ROLES)
def draft_dmn_xml(draft_id: int) -> Response:
    dmn = _draft(draft_id).dmn_xml
    return Response(dmn[0] if dmn else "", mimetype="application/xml")


@bp.post("/drafts/<int:draft_id>/save", endpoint="save")
@login_required(*STUDIO_ROLES)
def save(draft_id: int) -> Response:
    """Save what the page sends: the BPMN, the (first) DMN table or one form."""
    draft, body = _draft(draft_id), request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidData("json_object_required")
    bpmn, dmn, forms = draft.bpmn_xml, list(draft.dmn_xml), dict(draft.forms)
    if "bpmn" in body:
        bpmn = body["bpmn"]
    if "dmn" in body:
        dmn = [body["dmn"], *dmn[1:]]
    if "form" in body:
        key = str(body.get("key") or "")
        if not FORM_KEY.fullmatch(key):
            raise InvalidData("form_key_invalid", details={"key": "form_key"})
        forms[key] = body["form"]
    saved = drafts.save_draft(draft.model, bpmn, dmn, forms, actor=acting_user(), draft=draft)
    if "scenarios" in body:
        draft_scenarios.save_scenarios(saved, body["scenarios"], actor=acting_user())
    return jsonify({"id": saved.id, "status": saved.status.value,
                    "updated_at": saved.updated_at.isoformat()})


@bp.post("/drafts/<int:draft_id>/validate", endpoint="validate")
@login_required(*STUDIO_ROLES)
def validate(draft_id: int) -> Response:
    draft = _draft(draft_id)
    issues = drafts.validate_draft(draft, actor=acting_user())
    found = None if issues else draft_scenarios.results(draft)
    return jsonify({"issues": [{"element_id": i.element_id, "message": i.message}
                               for i in issues],
                    "scenarios": scenario_words.worded(draft_scenarios.as_rows(found))})


@bp.post("/drafts/<int:draft_id>/submit", endpoint="submit")
@login_required(*STUDIO_ROLES)
def submit(draft_id: int) -> Response:
    drafts.submit_for_approval(_draft(draft_id), actor=acting_user())
    flash(_("Draf diajukan untuk persetujuan."), "success")
    return redirect(url_for("studio.draft", draft_id=draft_id), 303)


@bp.post("/drafts/<int:draft_id>/approve", endpoint="approve")
@login_required(*STUDIO_ROLES)
def approve(draft_id: int) -> Response:
    try:
        version = drafts.approve_and_deploy(
            _draft(draft_id), actor=acting_user(), note=request.form.get("note", "")[:2000]
        )
    except InvalidData as exc:
        if exc.reason != "scenarios_failing":
            raise
        db.session.rollback()
        flash(error_words.message(exc), "error")
        return redirect(url_for("studio.changes", draft_id=draft_id), 303)
    flash(_("Versi %(n)s dideploy.", n=version.number), "success")
    return redirect(url_for("studio.version", key=version.model.key, number=version.number), 303)


@bp.post("/drafts/<int:draft_id>/reject", endpoint="reject")
@login_required(*STUDIO_ROLES)
def reject(draft_id: int) -> Response:
    drafts.reject(_draft(draft_id), actor=acting_user(), note=request.form.get("note", "")[:2000])
    flash(_("Draf dikembalikan ke penulisnya."), "success")
    return redirect(url_for("studio.draft", draft_id=draft_id), 303)


@bp.get("/drafts/<int:draft_id>/dmn", endpoint="dmn")
@login_required(*STUDIO_ROLES)
def dmn(draft_id: int) -> str:
    return render_template("studio/dmn.html", draft=_draft(draft_id))


@bp.get("/drafts/<int:draft_id>/forms/<key>", endpoint="form")
@login_required(*STUDIO_ROLES)
def form(draft_id: int, key: str) -> str:
    import json

    draft = _draft(draft_id)
    text = json.dumps(draft.forms.get(key, {"schema": {"type": "object", "properties": {}}}),
                      indent=2, ensure_ascii=False)
    return render_template("studio/form.html", draft=draft, key=key, text=text,
                           editing=_editing(draft))


@bp.post("/forms/preview", endpoint="form_preview")
@login_required(*STUDIO_ROLES)
def form_preview() -> str:
    """The form as an officer will see it, drawn by the desk's renderer (an HTML fragment)."""
    body = request.get_json(silent=True) or {}
    definition, key = body.get("form"), str(body.get("key") or "form")
    try:
        check_form(key, definition)
    except FormDefinitionError as exc:
        return render_template("studio/_form_preview.html", error=str(exc), fields=[], title="")
    return render_template(
        "studio/_form_preview.html", error=None, title=title(definition, locale(), key),
        fields=build_fields(definition, locale()),
    )
