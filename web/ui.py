"""What every server-rendered page shares: labels of the domain's words, filters, language.

The words come from the domain's enums and vocabularies; their wording for people lives
here once, in gettext, so the portal, the desk and the auditor view say the same thing.
Registered as a route-less blueprint so the templates of every area can use them.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from flask import Blueprint, current_app, g, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale
from markupsafe import Markup

from domain.cases.history import Step
from domain.cases.tracking import display_tracking_id
from domain.privacy.shield import Masked
from domain.sla.rules import Rule
from web import numbers
from web.extensions import LOCALES
from wording import information, labels, rules, timeline

bp = Blueprint("ui", __name__)

def locale() -> str:
    return str(get_locale() or "id")


@bp.before_app_request
def remember_language() -> None:
    """`?lang=en` switches the pages' language for the rest of the session."""
    chosen = request.args.get("lang")
    if chosen in LOCALES and not request.path.startswith("/api/"):
        session["lang"] = chosen


# The words themselves live in wording/ (one catalogue for pages, API, PDFs and messages);
# these filters only hand them to the templates.
bp.add_app_template_filter(labels.status, "status_label")
bp.add_app_template_filter(labels.kind, "kind_label")
bp.add_app_template_filter(labels.category, "category_label")
bp.add_app_template_filter(labels.lane, "lane_label")
bp.add_app_template_filter(labels.decision, "decision_label")
bp.add_app_template_filter(labels.text_field, "text_field_label")
bp.add_app_template_filter(labels.event, "event_label")
bp.add_app_template_filter(labels.letter, "letter_label")


@bp.app_template_filter("quoted_text")
def quoted_text(text: str, field: str) -> str:
    """A quoted form text; an exemption code reads as its UU 14/2008 citation."""
    return information.quoted(field, text)


@bp.app_template_filter("rule_label")
def rule_label(rule: Rule | None, days: int | None = None) -> str:
    """The rule worded with the deadline's actual days (None: the rule's maximum)."""
    return rules.describe(rule, days) if rule else ""


@bp.app_template_filter("step_what")
def step_what(step: Step, case: Any = None) -> str:
    """A timeline step's sentence, with the task's name in the reader's language."""
    return timeline.what(step, task=step_task(step.task_label, case))


@bp.app_template_filter("tid")
def tracking_display(value: str) -> str:
    return display_tracking_id(value) if value else ""


@bp.app_template_filter("dt")
def datetime_label(value: datetime | date | None, fmt: str = "medium") -> str:
    """Dates and times in the reader's language and Indonesia's western time zone (WIB)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, fmt)
    return format_date(value, fmt)


@bp.app_template_filter("num")
def number_label(value: float | int | None) -> str:
    """Babel's decimal format, written by `web.numbers` (a ranking has thousands)."""
    if value is None:
        return ""
    locale = _locale()
    return numbers.decimal_label(value, locale) if locale else format_decimal(value)


@bp.app_template_filter("pct")
def percent_label(value: float | None) -> str:
    if value is None:
        return "–"
    locale = _locale()
    return numbers.percent_label(value, locale) if locale else \
        format_percent(value, "#,##0.0%")


def _locale() -> str | None:
    """The request's locale as text, asked of Flask-Babel once per request (`g`)."""
    if not has_request_context():
        return None
    if "number_locale" not in g:
        locale = get_locale()
        g.number_locale = str(locale) if locale else None
    return g.number_locale


@bp.app_template_filter("nl2p")
def paragraphs(text: str | None) -> Markup:
    """Citizen text as paragraphs: every piece escaped first, only our <p> tags added."""
    parts = [p for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(p) for p in parts)


def _marked(masked: Masked, start: int, end: int) -> Markup:
    """The original between `start` and `end`, each detection in a <mark>, all escaped."""
    out = Markup("")
    for span in masked.spans:
        if span.end <= start or span.start >= end:
            continue
        a, b = max(span.start, start), min(span.end, end)
        out += Markup("{}").format(masked.original[start:a]) + Markup(
            '<mark class="shield" data-kind="{}">{}</mark>').format(span.kind,
                                                                     masked.original[a:b])
        start = b
    return out + Markup("{}").format(masked.original[start:end])


@bp.app_template_filter("shielded")
def shielded(masked: Masked, reveal: bool, block: bool = True) -> Markup:
    """Citizen text through the identity shield: masked, or for the verifying role
    (`reveal`) the original with each detection highlighted. `block` makes paragraphs
    like `nl2p`; every piece is escaped before our tags are added."""
    if not reveal:
        return paragraphs(masked.text) if block else Markup("{}").format(masked.text)
    if not block:
        return _marked(masked, 0, len(masked.original))
    text, out, at = masked.original, Markup(""), 0
    for part in [*re.finditer(r"\r?\n\r?\n", text), None]:
        end = part.start() if part else len(text)
        if text[at:end].strip():
            out += Markup("<p>{}</p>").format(_marked(masked, at, end))
        at = part.end() if part else end
    return out


@bp.app_template_global("map_tiles")
def map_tiles() -> dict[str, str] | None:
    """The tile server for the location maps (ADUAN_TILE_URL), or None: then no map is drawn."""
    settings = current_app.config["ADUAN"]
    if not settings.tile_origin:
        return None
    return {"url": settings.tile_url, "attribution": settings.tile_attribution}


@bp.app_template_global("lang_url")
def lang_url(lang: str) -> str:
    """This page in another language (GET pages only; a POST result falls back to home)."""
    if request.method == "GET" and request.endpoint:
        args = {k: v for k, v in request.args.items() if k != "lang"}
        from flask import url_for

        return url_for(request.endpoint, **(request.view_args or {}), **args, lang=lang)
    return f"/?lang={lang}"


def _node_text(version_id: int | None, spec: str | None, label: str | None, key: str) -> str:
    """An English property (`name_en`, `instructions_en`) of a diagram node, when English.

    Task names and instructions are data of the BPMN diagram, written in Indonesian; a process
    owner may add the English as the node's `name_en` / `instructions_en` property. The node
    is found by its id, or (for timeline steps, which keep only the name) by its name.
    Returns "" when the page is Indonesian or the diagram has no English for it.
    """
    if locale() != "en" or version_id is None:
        return ""
    from domain.errors import NotFound
    from domain.processes.operations import definition

    try:
        meta = definition(version_id)[1]
    except NotFound:
        return ""
    nodes = [meta[spec]] if spec and spec in meta else []
    if not nodes and label:
        nodes = [n for n in meta.values() if n.get("name") == label]
    for node in nodes:
        text = (node.get("properties") or {}).get(key)
        if isinstance(text, str) and text.strip():
            return text.strip()
    return ""


@bp.app_template_filter("task_name")
def task_name(task: Any) -> str:
    """A human task's name in the reader's language (the diagram's `name_en` in English)."""
    version_id = getattr(getattr(task, "case", None), "process_version_id", None)
    return _node_text(version_id, task.spec, task.label, "name_en") or task.label


@bp.app_template_filter("task_instructions")
def task_instructions(task: Any) -> str:
    version_id = getattr(getattr(task, "case", None), "process_version_id", None)
    english = _node_text(version_id, task.spec, None, "instructions_en")
    return english or task.instructions or ""


@bp.app_template_filter("step_task")
def step_task(label: str | None, case: Any = None) -> str:
    """A timeline step's task name (steps keep the name only) in the reader's language."""
    version_id = getattr(case, "process_version_id", None)
    return _node_text(version_id, None, label, "name_en") or (label or "")
