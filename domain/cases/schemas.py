"""The one schema every intake channel (API, portal, CLI, Open311) validates against."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates,
    validates_schema,
)

from domain.cases.categories import category_problem
from domain.cases.intake import Intake
from domain.enums import CaseKind, Channel
from domain.text import has_control_chars, strip_bidi

REGION_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
PHONE_RE = re.compile(r"^\+?[0-9 ()-]{6,20}$")


class Text(fields.String):
    """A string field that refuses control characters (NUL, escape, ...) and drops bidi ones.

    Bidi formatting characters are removed before the length is checked; a single-line field
    (title, location, name) also loses the direction marks, a multi-line one keeps them.
    """

    def __init__(self, *args: Any, multiline: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.multiline = multiline

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if has_control_chars(text):
            raise ValidationError("control_characters")  # a field code: wording.errors
        return strip_bidi(text, single_line=not self.multiline)


def _open_category(value: str) -> None:
    """Known and active in the category table (read from the process's copy: no query)."""
    problem = category_problem(value)
    if problem:
        raise ValidationError(problem)  # a field code: wording.errors


class ReporterSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = Text(validate=validate.Length(max=200), load_default=None)
    phone = Text(validate=validate.Regexp(PHONE_RE), load_default=None)
    email = fields.Email(validate=validate.Length(max=254), load_default=None)
    nik = Text(validate=validate.Regexp(r"^\d{16}$"), load_default=None)


class CaseIntakeSchema(Schema):
    """Fields of a new case; identity is optional and safe flags default to private."""

    class Meta:
        unknown = EXCLUDE

    kind = fields.Enum(CaseKind, by_value=True, required=True)
    title = Text(required=True, validate=validate.Length(min=5, max=200))
    description = Text(required=True, multiline=True, validate=validate.Length(min=10, max=10000))
    category = Text(required=True, validate=_open_category,
                    metadata={"description": "A code of an active category "
                                             "(GET /api/v1/categories)"})
    region = Text(required=True, validate=validate.Regexp(REGION_RE))
    location = Text(validate=validate.Length(max=300), load_default=None)
    event_date = fields.Date(load_default=None)
    latitude = fields.Float(validate=validate.Range(-90, 90), allow_nan=False, load_default=None)
    longitude = fields.Float(validate=validate.Range(-180, 180), allow_nan=False,
                             load_default=None)
    anonymous = fields.Boolean(load_default=True)
    confidential = fields.Boolean(load_default=True)
    reporter = fields.Nested(ReporterSchema, load_default=None)

    @validates("title")
    def _not_blank(self, value: str, **_: Any) -> None:
        if not value.strip():
            raise ValidationError("blank")

    @validates_schema
    def _both_coordinates(self, data: dict[str, Any], **_: Any) -> None:
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError("both_coordinates", field_name="latitude")

    @post_load
    def _to_intake(self, data: dict[str, Any], **_: Any) -> Intake:
        reporter = data.pop("reporter") or {}
        channel = self.context_channel if hasattr(self, "context_channel") else Channel.API
        return Intake(
            kind=data["kind"],
            title=data["title"].strip(),
            description=data["description"].strip(),
            category=data["category"],
            region=data["region"],
            location=data.get("location"),
            event_date=data.get("event_date"),
            anonymous=data["anonymous"],
            confidential=data["confidential"],
            reporter_name=reporter.get("name"),
            reporter_phone=reporter.get("phone"),
            reporter_email=reporter.get("email"),
            reporter_nik=reporter.get("nik"),
            channel=channel,
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )


def load_intake(payload: Any, channel: Channel = Channel.API) -> Intake:
    """Validate a payload into an Intake; raises marshmallow.ValidationError with field messages."""
    schema = CaseIntakeSchema()
    schema.context_channel = channel
    return schema.load(payload)
