"""From a task's JSON Schema + UI hints to form fields, and from a posted HTML form back to data.

The HTML itself is written by Jinja macros (`web/templates/forms/fields.html`), so every
value and label goes through autoescaping; this module only decides *what* to show: the
widget, the label and help in the reader's language, the options, the value to prefill and
the error to print next to the field. `parse_submission` is the inverse: it turns the
strings of an HTML form into the JSON types the schema expects, leaving anything it cannot
convert as it is, so the validator reports it next to its field instead of crashing here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

RADIO_MAX = 5  # enums with more options than this become a select


class FormData(Protocol):
    """What Werkzeug's MultiDict offers (and a test may fake)."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[Any]: ...


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """Everything a template needs to draw one input."""

    name: str
    label: str
    help: str
    widget: str  # text, textarea, radio, select, number, checkboxes, lines
    required: bool
    value: Any = None
    error: str | None = None
    options: tuple[Option, ...] = ()
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    selected: frozenset[str] = field(default_factory=frozenset)


def category_fields(key: str, form: Mapping[str, Any]) -> set[str]:
    """Fields whose options are the category table's (the caller supplies them as choices).

    Those with the `category` widget, and the `category` field of a verify form, which the
    domain copies onto the case (versions deployed before the widget existed list a fixed
    enum there; the table's list replaces it)."""
    widgets = form.get("ui", {}).get("widgets", {})
    properties = form.get("schema", {}).get("properties", {})
    found = {n for n, widget in widgets.items() if widget == "category" and n in properties}
    if key.startswith("verify") and "category" in properties:
        found.add("category")
    return found


def _lang(locale: str) -> str:
    return "en" if str(locale).startswith("en") else "id"


def _text(table: Mapping[str, Any] | None, lang: str, fallback: str) -> str:
    if not isinstance(table, Mapping):
        return fallback
    return str(table.get(lang) or table.get("id") or fallback)


def title(form: Mapping[str, Any], locale: str, fallback: str = "") -> str:
    return _text(form.get("title"), _lang(locale), fallback)


def _order(form: Mapping[str, Any]) -> list[str]:
    properties = list(form["schema"].get("properties", {}))
    order = [n for n in form.get("ui", {}).get("order", []) if n in properties]
    return order + [n for n in properties if n not in order]


def _widget(spec: Mapping[str, Any], hint: str | None, has_choices: bool, n_options: int) -> str:
    kind = spec.get("type")
    if kind == "array":
        return "checkboxes" if has_choices or spec.get("items", {}).get("enum") else "lines"
    if hint in ("unit", "agency", "category"):
        return "select" if has_choices else "text"
    if hint in ("radio", "select", "textarea"):
        return hint if (hint == "textarea" or n_options) else "text"
    if hint == "rating" or kind == "integer":
        return "radio" if hint == "rating" else "number"
    if n_options:
        return "radio" if n_options <= RADIO_MAX else "select"
    if kind == "string" and (spec.get("maxLength") or 0) > 300:
        return "textarea"
    return "text"


def _options(name: str, spec: Mapping[str, Any], ui: Mapping[str, Any], lang: str,
             choices: Mapping[str, Sequence[Option]]) -> tuple[Option, ...]:
    if name in choices:
        return tuple(choices[name])
    enum = spec.get("enum") or spec.get("items", {}).get("enum")
    hint = ui.get("widgets", {}).get(name)
    if not enum and hint == "rating" and spec.get("type") == "integer":
        enum = list(range(int(spec.get("minimum", 1)), int(spec.get("maximum", 5)) + 1))
    labels = ui.get("enum_labels", {}).get(name, {})
    return tuple(Option(str(v), _text(labels.get(str(v)), lang, str(v))) for v in enum or ())


def build_fields(form: Mapping[str, Any], locale: str, *,
                 values: Mapping[str, Any] | None = None,
                 errors: Mapping[str, str] | None = None,
                 choices: Mapping[str, Sequence[Option]] | None = None) -> list[Field]:
    """The fields of `form` in display order, prefilled with `values`, with their errors.

    `choices` supplies options the schema cannot know (units, agencies from the database),
    keyed by field name; without them a unit or agency field is a plain code input.
    """
    lang = _lang(locale)
    ui = form.get("ui", {})
    schema = form["schema"]
    required = set(schema.get("required", []))
    values, errors, choices = values or {}, errors or {}, choices or {}
    fields: list[Field] = []
    for name in _order(form):
        spec = schema["properties"][name]
        options = _options(name, spec, ui, lang, choices)
        widget = _widget(spec, ui.get("widgets", {}).get(name), name in choices, len(options))
        value = values.get(name)
        selected = frozenset(str(v) for v in value) if isinstance(value, list) else (
            frozenset({str(value)}) if value not in (None, "") else frozenset())
        if widget == "lines" and isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        fields.append(Field(
            name=name, label=_text(ui.get("labels", {}).get(name), lang, name),
            help=_text(ui.get("help", {}).get(name), lang, ""), widget=widget,
            required=name in required, value=value, error=errors.get(name), options=options,
            max_length=spec.get("maxLength"), minimum=spec.get("minimum"),
            maximum=spec.get("maximum"), selected=selected,
        ))
    return fields


def _convert(spec: Mapping[str, Any], raw: str) -> Any:
    kind = spec.get("type")
    text = raw.strip()
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            return raw  # the validator says "wrong kind of value" next to the field
    if kind == "number":
        try:
            return float(text)
        except ValueError:
            return raw
    if kind == "boolean":
        return text.lower() in ("1", "true", "on", "yes")
    return raw.replace("\r\n", "\n")


def parse_submission(form: Mapping[str, Any], formdata: FormData) -> dict[str, Any]:
    """Typed data for the schema from an HTML form post; fields not in the schema are ignored.

    Empty inputs are left out (an empty optional field means "not given"); arrays come from
    repeated inputs (checkboxes) or from one value per line (a textarea).
    """
    data: dict[str, Any] = {}
    for name, spec in form["schema"].get("properties", {}).items():
        if spec.get("type") == "array":
            raw_items: list[str] = []
            for item in formdata.getlist(name):
                raw_items.extend(str(item).splitlines())
            items = [_convert(spec.get("items", {}), v) for v in raw_items if v.strip()]
            if items:
                data[name] = [v.strip() if isinstance(v, str) else v for v in items]
            continue
        raw = formdata.get(name)
        if raw is None or str(raw).strip() == "":
            if spec.get("type") == "boolean" and raw is not None:
                data[name] = False
            continue
        data[name] = _convert(spec, str(raw))
    return data
