"""Cases: public intake and tracking, the reporter's replies, officers' scoped lists, and the
audited identity lookup.

The tracking id opens only the public view; the reporter key (header `X-Reporter-Key`)
additionally opens a confidential case to its reporter and authorises his replies.
Confidential cases answer 404, the same as a tracking id that does not exist (the rule is
`domain.cases.public.tracking_audience`, shared with the tracking page).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, request, url_for

from domain.cases import identity, intake, responses
from domain.cases.history import Audience, timeline
from domain.cases.models import Case
from domain.cases.public import tracking_audience
from domain.cases.queries import CaseFilters, can_read_case, find_case, list_cases
from domain.cases.schemas import load_intake
from domain.cases.shielded import masked_fields, titles
from domain.cases.tracking import display_tracking_id
from domain.errors import InvalidData, NotFound
from domain.integrations import idempotency
from domain.org.operations import unit_by_code
from domain.processes.operations import form_of
from domain.sla.rules import RULES
from web.api import bp
from web.api.common import json_body, limit_of, load, locale, officer
from web.api.intake import read_intake
from web.api.labels import rule_json, status_label, step_json
from web.api.schemas import (
    CaseListQuerySchema,
    CasePageSchema,
    CasePublicSchema,
    CaseStateSchema,
    IdentityReasonSchema,
    ReceiptSchema,
    ReporterIdentitySchema,
    ReporterResponseRequestSchema,
)
from web.auth import current_user
from web.extensions import limiter

KEY_HEADER = "X-Reporter-Key"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def _links(tracking_id: str) -> dict[str, str]:
    return {"self": url_for("api.track_case", tracking_id=tracking_id),
            "responses": url_for("api.respond", tracking_id=tracking_id)}


class CaseView:
    """The case plus what the tracking view adds; attribute access falls through to it."""

    def __init__(self, case: Case, **extra: Any) -> None:
        self._case, self._extra = case, extra

    def __getattr__(self, name: str) -> Any:
        return self._extra[name] if name in self._extra else getattr(self._case, name)


def state_json(case: Case) -> dict[str, Any]:
    """Where a case stands after a change (CaseStateSchema)."""
    return CaseStateSchema().dump({"tracking_id": case.tracking_id, "status": case.status,
                                   "status_label": status_label(case.status),
                                   "version": case.version})


@bp.post("/cases")
@limiter.limit(limit_of("rate_limit_intake"))
def submit_case() -> tuple[dict[str, Any], int, dict[str, str]]:
    """File a report from any API client (JSON, or multipart with attachments); the reporter
    key in the answer is shown only once, except to a retry with the same Idempotency-Key."""
    sent = read_intake()
    key = request.headers.get(IDEMPOTENCY_HEADER)
    claim = None
    if key is not None:
        hours = current_app.config["ADUAN"].idempotency_hours
        claim = idempotency.claim("cases", idempotency.check_key(key), sent.digest,
                                  current_app.config["SECRET_KEY"], timedelta(hours=hours))
        if isinstance(claim, idempotency.Replay):
            return claim.body, claim.status, {"Location": claim.body["links"]["self"],
                                              "Cache-Control": "no-store",
                                              "Idempotent-Replayed": "true"}
    loaded = load_intake(sent.payload, sent.channel)
    receipt = intake.submit_with_attachments(loaded, sent.uploads) if sent.uploads \
        else intake.submit_case(loaded)
    answer: dict[str, Any] = {
        "tracking_id": receipt.tracking_id,
        "display_id": display_tracking_id(receipt.tracking_id),
        "status": receipt.case.status, "links": _links(receipt.tracking_id),
        "repeated": receipt.repeated,
    }
    if not receipt.repeated:  # a repeat gets no key: it was shown once, to the first report
        answer["reporter_key"] = receipt.reporter_key
    body, status = ReceiptSchema().dump(answer), 200 if receipt.repeated else 201
    if claim is not None:
        idempotency.remember(claim, case_id=receipt.case.id, status=status, body=body,
                             secret=current_app.config["SECRET_KEY"])
    return body, status, {"Location": body["links"]["self"], "Cache-Control": "no-store"}


@bp.get("/cases/<tracking_id>")
@limiter.limit(limit_of("rate_limit_tracking"))
def track_case(tracking_id: str) -> dict[str, Any]:
    """The tracking view: public facts and timeline; more for the holder of the key."""
    case = find_case(tracking_id)
    audience = tracking_audience(case, request.headers.get(KEY_HEADER))
    if audience is None:  # confidential: only an officer in scope reads it without the key
        user = current_user()
        if user is None or not can_read_case(user, case):
            raise NotFound("case_not_found")
    is_reporter = audience == Audience.REPORTER
    awaiting = None
    task = responses.reporter_task(case) if is_reporter else None
    if task is not None:
        awaiting = {"task": task.spec, "label": task.label, "due_at": task.due_at,
                    "rule": rule_json(RULES.get(task.due_rule or ""),
                                      task.due_working_days),
                    "form": form_of(case.process_version_id, task.form)}
    steps = timeline(case, Audience.REPORTER if is_reporter else Audience.PUBLIC)
    # Anyone but the reporter himself reads the citizen text through the identity shield.
    text = {} if is_reporter else masked_fields(case)
    view = CaseView(
        case, **text, status_label=status_label(case.status),
        due_rule=rule_json(RULES.get(case.due_rule or ""), case.due_working_days),
        timeline=[step_json(step) for step in steps],
        awaiting_reporter=awaiting, links=_links(case.tracking_id),
    )
    return CasePublicSchema().dump(view)


@bp.get("/cases")
def case_list() -> dict[str, Any]:
    """An officer's cases (his units and below, copies, his agency's pool), newest first."""
    user = officer()
    query = load(CaseListQuerySchema(), request.args)
    unit_id = None
    if query["unit"]:
        unit = unit_by_code(query["unit"])
        if unit is None:
            raise InvalidData("check_input", details={"unit": ["unit_not_found"]})
        unit_id = unit.id
    filters = CaseFilters(status=query["status"], category=query["category"],
                          region=query["region"], unit_id=unit_id)
    try:
        page = list_cases(user, filters, cursor=query["cursor"], limit=query["limit"])
    except ValueError as exc:
        raise InvalidData("check_input", details={"cursor": ["unknown_cursor"]}) from exc
    shown = titles(page.items, user)  # units read titles through the identity shield
    items = [CaseView(c, title=shown[c.id]) for c in page.items]
    return CasePageSchema().dump({"items": items, "next_cursor": page.next_cursor})


@bp.post("/cases/<tracking_id>/responses")
@limiter.limit(limit_of("rate_limit_tracking"))
def respond(tracking_id: str) -> dict[str, Any]:
    """The reporter answers a hold, or accepts / reopens / rates the follow-up."""
    body = load(ReporterResponseRequestSchema(), json_body())
    key = request.headers.get(KEY_HEADER) or body["reporter_key"]
    case = responses.reporter_respond(tracking_id, key, body["data"], locale())
    return state_json(case)


@bp.post("/cases/<tracking_id>/reporter")
def reporter_identity(tracking_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    """The reporter's identity under the domain's policy (in scope only); every read audited
    with its reason (JSON `{"reason": ...}`, required for an anonymous reporter)."""
    user = officer()
    case = find_case(tracking_id)
    if not can_read_case(user, case):
        raise NotFound("case_not_found")
    reason = load(IdentityReasonSchema(), json_body())["reason"]
    reporter = identity.reporter_identity(case, actor=user, reason=reason)  # domain policy
    return ReporterIdentitySchema().dump(reporter or {}), 200, {"Cache-Control": "no-store"}
