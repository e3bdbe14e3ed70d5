"""marshmallow schemas of every API request and response; the OpenAPI document is built from
these, so what the docs promise is what the views send.

Response schemas only ever name public fields. None of them has a reporter name, phone,
e-mail or NIK except `ReporterIdentitySchema`, which only the audited identity endpoint uses.
"""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from domain.cases.tracking import display_tracking_id
from domain.enums import CaseKind, CaseStatus


class _Out(Schema):
    """Base of response schemas: dump only, fixed field order for readable JSON."""

    class Meta:
        ordered = True


class _In(Schema):
    """Base of request schemas: unknown fields are dropped, not echoed back as errors."""

    class Meta:
        unknown = EXCLUDE


class ErrorBodySchema(_Out):
    code = fields.String(required=True, metadata={"example": "not_found"})
    message = fields.String(required=True, metadata={"description": "In the request's language"})
    details = fields.Raw(allow_none=True, metadata={"description": "Field name → message(s)"})


class ErrorSchema(_Out):
    """The one error shape of the whole API."""

    error = fields.Nested(ErrorBodySchema, required=True)


# --- auth -------------------------------------------------------------------------------

class TokenRequestSchema(_In):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024),
                             load_only=True)


class TokenUserSchema(_Out):
    username = fields.String()
    roles = fields.List(fields.String())


class TokenSchema(_Out):
    token = fields.String(metadata={"description": "Send as `Authorization: Bearer <token>`"})
    token_type = fields.Constant("Bearer")
    expires_in = fields.Integer(metadata={"description": "Seconds"})
    user = fields.Nested(TokenUserSchema)


# --- cases ------------------------------------------------------------------------------

class RuleSchema(_Out):
    """The legal rule a deadline enforces."""

    id = fields.String(metadata={"example": "verify_3hk"})
    label = fields.String()
    source = fields.String()
    working_days = fields.Integer(metadata={"description": "this deadline's working days"})
    max_working_days = fields.Integer(
        metadata={"description": "the rule's legal maximum; an agency may set fewer"})


class StepTextSchema(_Out):
    field = fields.String(metadata={"example": "answer"})
    text = fields.String()


class TimelineEntrySchema(_Out):
    """One step of the case's history (domain.cases.history), worded for the reader."""

    at = fields.AwareDateTime()
    kind = fields.String(metadata={"description": "case_submitted, task_assigned, "
                                                  "task_completed, status_changed, timer_fired"})
    text = fields.String(metadata={"description": "The step in plain language"})
    actor = fields.String(metadata={"description": "reporter, officer or system"})
    lane = fields.String(allow_none=True)
    lane_label = fields.String(allow_none=True)
    task_label = fields.String(allow_none=True)
    handled_by = fields.String(allow_none=True, metadata={"description": "Unit or agency"})
    status = fields.String(allow_none=True)
    status_label = fields.String(allow_none=True)
    decision = fields.String(allow_none=True)
    rating = fields.Integer(allow_none=True)
    due_at = fields.AwareDateTime(allow_none=True)
    rule = fields.Nested(RuleSchema, allow_none=True)
    texts = fields.List(fields.Nested(StepTextSchema), metadata={
        "description": "What officers wrote for this reader (e.g. the agency's answer)"})


class FormSchema(_Out):
    """A task's form: JSON Schema for the data, UI hints (labels, order, widgets)."""

    title = fields.Raw(metadata={"description": "{id, en}"})
    schema = fields.Dict(metadata={"description": "JSON Schema (2020-12) of `data`"})
    ui = fields.Dict()


class AwaitingReporterSchema(_Out):
    """What the reporter is asked to do now (only for the holder of the reporter key)."""

    task = fields.String()
    label = fields.String()
    due_at = fields.AwareDateTime(allow_none=True)
    rule = fields.Nested(RuleSchema, allow_none=True)
    form = fields.Nested(FormSchema)


class CaseLinksSchema(_Out):
    self = fields.String()
    responses = fields.String()


class _CaseBase(_Out):
    tracking_id = fields.String(metadata={"example": "ABCD2345"})
    display_id = fields.Function(lambda c: display_tracking_id(c.tracking_id),
                                 metadata={"example": "ABCD-2345"})
    kind = fields.Enum(CaseKind, by_value=True)
    title = fields.String()
    category = fields.String()
    region = fields.String(attribute="region_code")
    status = fields.Enum(CaseStatus, by_value=True)
    agency = fields.Function(lambda c: c.agency.name if c.agency else None, allow_none=True)
    unit = fields.Function(lambda c: c.unit.name if c.unit else None, allow_none=True)
    anonymous = fields.Boolean()
    confidential = fields.Boolean()
    submitted_at = fields.AwareDateTime()
    due_at = fields.AwareDateTime(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)


class CaseSummarySchema(_CaseBase):
    """A row of an officer's case list (no description, no identity)."""

    unit_code = fields.Function(lambda c: c.unit.code if c.unit else None, allow_none=True)
    due_rule = fields.String(allow_none=True)
    late = fields.Boolean()
    escalation_level = fields.Integer()
    version = fields.Integer()


class CaseDetailSchema(CaseSummarySchema):
    """The case as an officer acting on a task sees it (still no identity)."""

    description = fields.String()
    location = fields.String(allow_none=True)
    event_date = fields.Date(allow_none=True)
    holds = fields.Integer()
    reopens = fields.Integer()
    rating = fields.Integer(allow_none=True)


class CasePublicSchema(_CaseBase):
    """The tracking view: the case's public facts and its plain-language timeline."""

    status_label = fields.String()
    description = fields.String()
    location = fields.String(allow_none=True)
    event_date = fields.Date(allow_none=True)
    due_rule = fields.Nested(RuleSchema, allow_none=True)
    rating = fields.Integer(allow_none=True)
    version = fields.Integer()
    timeline = fields.List(fields.Nested(TimelineEntrySchema))
    awaiting_reporter = fields.Nested(AwaitingReporterSchema, allow_none=True)
    links = fields.Nested(CaseLinksSchema)


class ReceiptSchema(_Out):
    tracking_id = fields.String()
    display_id = fields.String()
    reporter_key = fields.String(metadata={
        "description": "Secret, shown once: authorises the reporter's replies. Keep it."})
    status = fields.Enum(CaseStatus, by_value=True)
    links = fields.Nested(CaseLinksSchema)
    repeated = fields.Boolean(metadata={
        "description": "True when this report repeated one filed minutes ago (answer 200): "
                       "the tracking id is that case's and there is no reporter key."})


class CasePageSchema(_Out):
    items = fields.List(fields.Nested(CaseSummarySchema))
    next_cursor = fields.String(allow_none=True, metadata={
        "description": "Pass as `cursor` for the next page; null on the last page"})


class PageQuerySchema(_In):
    cursor = fields.String(load_default=None, validate=validate.Length(max=120))
    limit = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


class CaseListQuerySchema(PageQuerySchema):
    status = fields.Enum(CaseStatus, by_value=True, load_default=None)
    category = fields.String(load_default=None, validate=validate.Length(max=64))
    region = fields.String(load_default=None, validate=validate.Regexp(r"^\d{2}(\.\d{2,4})*$"))
    unit = fields.String(load_default=None, validate=validate.Length(max=64),
                         metadata={"description": "Unit code, e.g. medan.health"})


class ReporterResponseRequestSchema(_In):
    data = fields.Dict(required=True, metadata={
        "description": "Answers to the form in `awaiting_reporter.form` of the tracking view"})
    reporter_key = fields.String(load_default=None, load_only=True, metadata={
        "description": "Or send the header X-Reporter-Key"})


class CaseStateSchema(_Out):
    """Where a case stands after a change."""

    tracking_id = fields.String()
    status = fields.Enum(CaseStatus, by_value=True)
    status_label = fields.String()
    version = fields.Integer()


class ReporterIdentitySchema(_Out):
    """Personal data: only the verifying role reads it, and each read is audited."""

    name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    nik = fields.String(allow_none=True)


class LetterSchema(_Out):
    """A stored letter or case file (web/api/letters.py)."""

    id = fields.String()
    kind = fields.String(metadata={"description": "disposition, follow_up or casefile"})
    label = fields.String()
    number = fields.String()
    sha256 = fields.String(metadata={"description": "Also sent as Repr-Digest on download"})
    size = fields.Integer()
    created_at = fields.AwareDateTime()
    download_url = fields.String()


class LetterListSchema(_Out):
    items = fields.List(fields.Nested(LetterSchema))
    casefile_url = fields.String()


class RenderingSchema(_Out):
    """202 while a worker renders the case file: poll `poll_url` after Retry-After seconds."""

    status = fields.Constant("rendering")
    poll_url = fields.String()
    message = fields.String()


# --- tasks ------------------------------------------------------------------------------

class TaskCaseSchema(_Out):
    tracking_id = fields.String()
    title = fields.String()
    status = fields.Enum(CaseStatus, by_value=True)
    version = fields.Integer()


class TaskSchema(_Out):
    id = fields.String()
    spec = fields.String()
    label = fields.String()
    lane = fields.String()
    lane_label = fields.String()
    form_key = fields.String()
    escalation = fields.Integer()
    due_at = fields.AwareDateTime(allow_none=True)
    due_rule = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    case = fields.Nested(TaskCaseSchema)


class TaskPageSchema(_Out):
    items = fields.List(fields.Nested(TaskSchema))
    next_cursor = fields.String(allow_none=True)


class TaskDetailSchema(TaskSchema):
    state = fields.String(metadata={"description": "ready, completed or cancelled"})
    ready = fields.Boolean()
    instructions = fields.String()
    rule = fields.Nested(RuleSchema, allow_none=True)
    version = fields.Integer(metadata={"description": "Send back as `version` to complete"})
    form = fields.Nested(FormSchema)
    case = fields.Nested(CaseDetailSchema)


class TaskQuerySchema(PageQuerySchema):
    lane = fields.String(load_default=None, validate=validate.Length(max=32))


class CompleteRequestSchema(_In):
    data = fields.Dict(required=True, metadata={"description": "Answers to the task's form"})
    version = fields.Integer(required=True, strict=True, metadata={
        "description": "The case version the officer saw; a stale one answers 409"})


class IdentityReasonSchema(_In):
    reason = fields.String(load_default=None, metadata={
        "description": "Why the identity is opened (required for an anonymous reporter)"})


class FlagsRequestSchema(_In):
    anonymous = fields.Boolean(load_default=None)
    confidential = fields.Boolean(load_default=None)


class FlagsSchema(_Out):
    """The case's privacy flags after a change, and which of them changed."""

    tracking_id = fields.String()
    anonymous = fields.Boolean()
    confidential = fields.Boolean()
    changed = fields.List(fields.String())


class IdentityRequestSchema(_Out):
    """A request to open a sensitive case's identity (an audit event; `seq` is its number)."""

    seq = fields.Integer()
    reason = fields.String()
    requested_at = fields.DateTime()
    approved = fields.Boolean()
