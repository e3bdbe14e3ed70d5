"""The scenario format: given / when / then, as JSON the process owner edits next to the diagram.

    {"name": "Valid, answered, accepted",
     "given": {"kind": "complaint", "category": "health", "region": "12.71",
               "start": "2026-03-02"},
     "when": [{"complete": "verify", "with": {"decision": "valid", ...}},
              {"wait": 5},
              {"complete": "follow_up_supervisor", "with": {...}}],
     "then": {"status": "responded", "task": "reporter_response", "lane": "reporter",
              "escalation": 0, "deadline": 10, "end": null}}

`complete` finishes the waiting task of that element with the form data in `with` (checked
by the draft's own form); `wait` moves the scenario's clock that many working days, firing
every deadline that falls due on the way. `then` names what must hold afterwards: the case
status, an open task and its lane and escalation level, the working days of that task's
deadline (counted from when its clock started), or the end event the case ended at.
Everything is optional except a name and one expectation. The file is untrusted input: it
is only data (no expression is ever evaluated from it), with caps on its size.
"""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from domain.enums import CaseKind

MAX_SCENARIOS = 50
MAX_STEPS = 60
MAX_WAIT = 60  # working days in one step


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class GivenSchema(_Strict):
    kind = fields.String(load_default=CaseKind.COMPLAINT.value,
                         validate=validate.OneOf([k.value for k in CaseKind]))
    category = fields.String(load_default="health", validate=validate.Length(1, 64))
    region = fields.String(load_default="12.71", validate=validate.Length(1, 32))
    title = fields.String(load_default="Skenario", validate=validate.Length(1, 200))
    start = fields.Date(load_default=None)


class StepSchema(_Strict):
    complete = fields.String(validate=validate.Length(1, 128))
    with_ = fields.Dict(data_key="with", keys=fields.String(), load_default=dict)
    wait = fields.Integer(validate=validate.Range(0, MAX_WAIT))

    @validates_schema
    def _one_action(self, data: dict[str, Any], **_: Any) -> None:
        if ("complete" in data) == ("wait" in data):
            raise ValidationError("one_of_complete_or_wait")


class ThenSchema(_Strict):
    status = fields.String(validate=validate.Length(1, 32))
    task = fields.String(validate=validate.Length(1, 128))
    lane = fields.String(validate=validate.Length(1, 64))
    escalation = fields.Integer(validate=validate.Range(0, 10))
    deadline = fields.Integer(validate=validate.Range(0, MAX_WAIT))
    end = fields.String(validate=validate.Length(1, 128))

    @validates_schema
    def _something(self, data: dict[str, Any], **_: Any) -> None:
        if not data:
            raise ValidationError("expectation_required")


class ScenarioSchema(_Strict):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    given = fields.Nested(GivenSchema, load_default=lambda: GivenSchema().load({}))
    when = fields.List(fields.Nested(StepSchema), load_default=list,
                       validate=validate.Length(0, MAX_STEPS))
    then = fields.Nested(ThenSchema, required=True)


def load_scenarios(raw: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The scenarios, checked, and the errors by position ({} when all are well formed)."""
    if not isinstance(raw, list):
        return [], {"scenarios": ["list"]}
    if len(raw) > MAX_SCENARIOS:
        return [], {"scenarios": [f"at_most_{MAX_SCENARIOS}"]}
    try:
        return ScenarioSchema(many=True).load(raw), {}
    except ValidationError as exc:
        return [], exc.normalized_messages() if isinstance(exc.messages, dict) else {
            "scenarios": exc.messages}
