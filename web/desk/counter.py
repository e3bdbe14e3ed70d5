"""`/desk/counter`: officers key in complaints that came by phone, on paper or in person,
and print the citizen's receipt (tracking ID and reporter key) as a PDF.

The key crosses one redirect inside the signed session (as on the portal), is shown once,
and comes back only in the print form's POST; it is never stored, so the receipt PDF is
rendered on that request (`reports/receipt.py`) and checked against the key's hash first.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from marshmallow import ValidationError

from domain.cases.attachments import MAX_ATTACHMENTS, Upload
from domain.cases.categories import active_categories
from domain.cases.counter import file_at_counter
from domain.cases.public import region_choices
from domain.cases.queries import find_case
from domain.cases.tracking import reporter_key_matches
from domain.enums import COUNTER_CHANNELS, CaseKind
from domain.errors import InvalidData, NotFound
from domain.org.permissions import DESK_ROLES
from reports.receipt import receipt_pdf
from web.auth import acting_user, login_required
from web.desk import bp
from wording import counter as words

FIELDS = ("channel", "kind", "title", "description", "category", "region", "location",
          "latitude", "longitude", "event_date", "anonymous", "confidential", "reporter_name",
          "reporter_phone", "reporter_email", "reporter_nik")


def _page(values: dict[str, str], errors: dict[str, str], status: int = 200) -> Response:
    return make_response(render_template(
        "desk/counter.html", values=values, errors=errors, channels=COUNTER_CHANNELS,
        kinds=list(CaseKind), categories=[c.code for c in active_categories()],
        regions=region_choices(),
        channel_label=words.channel, max_attachments=MAX_ATTACHMENTS), status)


def _choice(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _payload(values: dict[str, str]) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "kind": values["kind"], "title": values["title"], "description": values["description"],
        "category": values["category"], "region": values["region"],
        "anonymous": _choice(values["anonymous"]),
        "confidential": _choice(values["confidential"]),
    }
    for name in ("location", "event_date", "latitude", "longitude"):
        if values[name].strip():
            payload[name] = values[name].strip()
    reporter = {k: values[f"reporter_{k}"].strip() for k in ("name", "phone", "email", "nik")
                if values[f"reporter_{k}"].strip()}
    if reporter:
        payload["reporter"] = reporter
    return payload


@bp.get("/counter")
@login_required(*DESK_ROLES)
def counter() -> Response:
    return _page({"kind": "complaint"}, {})


@bp.post("/counter")
@login_required(*DESK_ROLES)
def counter_file() -> Response:
    """File the complaint; a refused field comes back next to its input, nothing is lost."""
    values = {name: request.form.get(name, "") for name in FIELDS}
    uploads = [Upload(f.filename or "", f.stream, f.mimetype or "")
               for f in request.files.getlist("attachments") if f.filename]
    try:
        receipt = file_at_counter(_payload(values), values["channel"], uploads,
                                  officer=acting_user())
    except ValidationError as exc:
        return _page(values, {name: words.field_error(name) for name in exc.messages}, 422)
    except InvalidData as exc:
        fields = exc.details if isinstance(exc.details, dict) else {"attachments": ""}
        return _page(values, {name: words.field_error(name) for name in fields}, 422)
    if receipt.repeated:  # the same complaint, same contact, minutes ago: no second case
        flash(words.repeated(receipt.tracking_id), "info")
        return redirect(url_for("desk.counter"), 303)
    session["counter_receipt"] = {"tracking_id": receipt.tracking_id,
                                  "key": receipt.reporter_key}
    return redirect(url_for("desk.counter_receipt"), 303)


@bp.get("/counter/receipt")
@login_required(*DESK_ROLES)
def counter_receipt() -> Response:
    shown = session.pop("counter_receipt", None)
    if not shown:
        return redirect(url_for("desk.counter"), 303)
    response = make_response(render_template(
        "desk/counter_receipt.html", tracking_id=shown["tracking_id"], reporter_key=shown["key"]))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/counter/<tracking_id>/receipt.pdf")
@login_required(*DESK_ROLES)
def counter_receipt_pdf(tracking_id: str) -> Response:
    """The printable receipt; only with the case's own key (so only right after filing)."""
    key = request.form.get("reporter_key", "")
    try:
        case = find_case(tracking_id)
    except NotFound:
        abort(404)
    if not reporter_key_matches(key, case.reporter_key_hash):
        abort(404)
    track_url = url_for("portal.track", tracking_id=case.tracking_id, _external=True)
    response = make_response(receipt_pdf(case, key, track_url))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = \
        f'attachment; filename="tanda-terima-{case.tracking_id}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response
