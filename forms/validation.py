"""Validating submitted task data against its form, with messages a person can act on."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from jsonschema import Draft202012Validator

from forms.text import has_control_chars

MESSAGES = {
    "required": {"id": "Wajib diisi.", "en": "This field is required."},
    "enum": {"id": "Pilih salah satu pilihan yang tersedia.", "en": "Choose one of the options."},
    "maxLength": {
        "id": "Terlalu panjang (maksimal {limit} karakter).",
        "en": "Too long (at most {limit} characters).",
    },
    "minLength": {"id": "Terlalu pendek.", "en": "Too short."},
    "type": {"id": "Isian tidak sesuai jenisnya.", "en": "Wrong kind of value."},
    "minimum": {
        "id": "Nilai terlalu kecil (minimal {limit}).",
        "en": "Too small (at least {limit}).",
    },
    "maximum": {
        "id": "Nilai terlalu besar (maksimal {limit}).",
        "en": "Too large (at most {limit}).",
    },
    "additionalProperties": {
        "id": "Isian tidak dikenal: {extra}.",
        "en": "Unknown field: {extra}.",
    },
    "maxItems": {"id": "Terlalu banyak pilihan.", "en": "Too many items."},
    "uniqueItems": {"id": "Ada pilihan ganda.", "en": "Duplicate items."},
    "pattern": {"id": "Format tidak sesuai.", "en": "Wrong format."},
}
CONTROL_MESSAGE = {
    "id": "Mengandung karakter kontrol yang tidak diizinkan.",
    "en": "Contains control characters that are not allowed.",
}
FALLBACK = {"id": "Isian tidak valid.", "en": "Invalid value."}


def _lang(locale: str) -> str:
    return "en" if locale.startswith("en") else "id"


def _without_enums(schema: dict[str, Any], names: Collection[str]) -> dict[str, Any]:
    properties = dict(schema.get("properties", {}))
    for name in names:
        if isinstance(properties.get(name), dict):
            properties[name] = {k: v for k, v in properties[name].items() if k != "enum"}
    return {**schema, "properties": properties}


def validate(form: dict[str, Any], data: Any, locale: str = "id",
             open_fields: Collection[str] = ()) -> dict[str, str]:
    """Return {field: message} for every problem (empty when the data is valid).

    Errors of the whole object (e.g. a missing required field) are reported on the field
    concerned, so the renderer can show each message next to its input. `open_fields` take
    their values from the database (categories): their `enum`, if the form has one, is not
    applied here, the caller checks them.
    """
    lang = _lang(locale)
    if not isinstance(data, dict):
        return {"_": "Data harus berupa objek." if lang == "id" else "Data must be an object."}
    errors: dict[str, str] = {}
    for field, value in data.items():
        if has_control_chars(value) or has_control_chars(field):
            errors[str(field)] = CONTROL_MESSAGE[lang]
    schema = _without_enums(form["schema"], open_fields) if open_fields else form["schema"]
    validator = Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        template = MESSAGES.get(error.validator, FALLBACK)[lang]
        field = str(error.absolute_path[0]) if error.absolute_path else "_"
        if error.validator == "required":
            missing = [name for name in error.validator_value if name not in data]
            for name in missing:
                errors.setdefault(name, template)
            continue
        if error.validator == "additionalProperties":
            allowed = set(error.schema.get("properties", {}))
            extra = ", ".join(sorted(set(error.instance) - allowed))
            errors.setdefault("_", template.format(extra=extra))
            continue
        own = _own_message(form, field, str(error.validator), lang)
        limit = error.validator_value if isinstance(error.validator_value, int | float) else ""
        errors.setdefault(field, own or template.format(limit=limit))
    return errors


def _own_message(form: dict[str, Any], field: str, validator: str, lang: str) -> str | None:
    """The form's own words for this refusal (`ui.messages.<field>.<validator>`), if any.

    A form says plainly why a choice is gone (an information request's second extension:
    "the answer can be extended only once") instead of the generic "choose an option".
    """
    messages = form.get("ui", {}).get("messages", {})
    words = messages.get(field, {}).get(validator) if isinstance(messages, dict) else None
    if isinstance(words, dict) and isinstance(words.get(lang), str):
        return words[lang]
    return None


def clean(form: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional strings so `if/then` rules see 'not given' rather than ''."""
    return {k: v for k, v in data.items() if not (isinstance(v, str) and v.strip() == "")}
