"""Loading and checking form definitions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

FORMS_DIR = Path(__file__).resolve().parent
MAX_FORM_BYTES = 200_000


class FormDefinitionError(ValueError):
    """A form definition is not usable (bad JSON, bad schema, missing parts)."""


def check_form(key: str, form: Any) -> None:
    """Refuse a form that the renderer or validator could not handle safely."""
    if not isinstance(form, dict) or not isinstance(form.get("schema"), dict):
        raise FormDefinitionError(f"form {key!r} must be an object with a 'schema' object")
    if len(json.dumps(form)) > MAX_FORM_BYTES:
        raise FormDefinitionError(f"form {key!r} is larger than {MAX_FORM_BYTES} bytes")
    try:
        Draft202012Validator.check_schema(form["schema"])
    except SchemaError as exc:
        raise FormDefinitionError(
            f"form {key!r} has an invalid JSON Schema: {exc.message}"
        ) from exc
    if form["schema"].get("type") != "object":
        raise FormDefinitionError(f"form {key!r}: the schema's type must be 'object'")
    if "$ref" in json.dumps(form["schema"]):
        # Remote or file references would make validation fetch things; we allow none.
        raise FormDefinitionError(f"form {key!r}: $ref is not allowed")


def _load(paths: list[Path]) -> dict[str, dict[str, Any]]:
    forms = {}
    for path in paths:
        form = json.loads(path.read_text(encoding="utf-8"))
        check_form(path.stem, form)
        forms[path.stem] = form
    return forms


def shipped_forms() -> dict[str, dict[str, Any]]:
    """Every form in `forms/*.json` (the complaint lifecycle's), keyed by file stem."""
    return _load(sorted(FORMS_DIR.glob("*.json")))


def every_shipped_form() -> dict[str, dict[str, Any]]:
    """The complaint's forms and those of the other kinds' lifecycles, each in its folder
    (`forms/information_request/`, `forms/aspiration/`), keyed by file stem."""
    return {**shipped_forms(), **_load(sorted(FORMS_DIR.glob("*/*.json")))}
