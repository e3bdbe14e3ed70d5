"""What every server-rendered page shares: labels of the domain's words, filters, language.

The words come from the domain's enums and vocabularies; their wording for people lives
here once, in gettext, so the portal, the desk and the auditor view say the same thing.
Registered as a route-less blueprint so the templates of every area can use them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Blueprint, request, session
from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from domain.cases.tracking import display_tracking_id
from domain.sla.rules import Rule
from web.extensions import LOCALES

bp = Blueprint("ui", __name__)

STATUS = {
    "submitted": _l("Diterima"),
    "verification": _l("Sedang diverifikasi"),
    "hold": _l("Menunggu informasi pelapor"),
    "follow_up": _l("Sedang ditindaklanjuti"),
    "responded": _l("Tindak lanjut diberikan"),
    "closed": _l("Selesai"),
    "archived": _l("Diarsipkan"),
}
KIND = {
    "complaint": _l("Pengaduan"),
    "aspiration": _l("Aspirasi"),
    "information_request": _l("Permintaan informasi"),
}
CATEGORY = {
    "health": _l("Kesehatan"),
    "roads": _l("Jalan dan pekerjaan umum"),
    "education": _l("Pendidikan"),
    "civil_registration": _l("Kependudukan dan catatan sipil"),
    "environment": _l("Lingkungan hidup"),
    "other": _l("Lainnya"),
}
LANE = {
    "coordinator": _l("koordinator instansi"),
    "national_admin": _l("admin nasional"),
    "liaison": _l("unit kerja"),
    "supervisor": _l("atasan unit kerja"),
    "reporter": _l("pelapor"),
}
DECISION = {
    "valid": _l("Laporan valid dan didisposisikan"),
    "hold": _l("Laporan ditunda: pelapor diminta melengkapi"),
    "not_authority": _l("Bukan wewenang: laporan diteruskan"),
    "archive": _l("Laporan diarsipkan"),
    "answer": _l("Tindak lanjut dikirim"),
    "accept": _l("Pelapor menerima tindak lanjut"),
    "reopen": _l("Pelapor meminta laporan dibuka kembali"),
}
TEXT_FIELD = {
    "answer": _l("Jawaban"),
    "question": _l("Pertanyaan untuk pelapor"),
    "reason": _l("Alasan"),
    "additional_info": _l("Informasi tambahan dari pelapor"),
    "comment": _l("Komentar pelapor"),
}


def locale() -> str:
    return str(get_locale() or "id")


@bp.before_app_request
def remember_language() -> None:
    """`?lang=en` switches the pages' language for the rest of the session."""
    chosen = request.args.get("lang")
    if chosen in LOCALES and not request.path.startswith("/api/"):
        session["lang"] = chosen


def _label(table: dict[str, Any], key: Any) -> str:
    key = getattr(key, "value", key)
    return str(table.get(key, key or ""))


@bp.app_template_filter("status_label")
def status_label(value: Any) -> str:
    return _label(STATUS, value)


@bp.app_template_filter("kind_label")
def kind_label(value: Any) -> str:
    return _label(KIND, value)


@bp.app_template_filter("category_label")
def category_label(value: Any) -> str:
    return _label(CATEGORY, value)


@bp.app_template_filter("lane_label")
def lane_label(value: Any) -> str:
    return _label(LANE, value)


@bp.app_template_filter("decision_label")
def decision_label(value: Any) -> str:
    return _label(DECISION, value)


@bp.app_template_filter("text_field_label")
def text_field_label(value: Any) -> str:
    return _label(TEXT_FIELD, value)


@bp.app_template_filter("rule_label")
def rule_label(rule: Rule | None, days: int | None = None) -> str:
    """The rule worded with the deadline's actual days (None: the rule's maximum)."""
    return rule.describe(days, locale()) if rule else ""


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
    return "" if value is None else format_decimal(value)


@bp.app_template_filter("pct")
def percent_label(value: float | None) -> str:
    return "–" if value is None else format_percent(value, "#,##0.0%")


@bp.app_template_filter("nl2p")
def paragraphs(text: str | None) -> Markup:
    """Citizen text as paragraphs: every piece escaped first, only our <p> tags added."""
    parts = [p for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(p) for p in parts)


@bp.app_template_global("lang_url")
def lang_url(lang: str) -> str:
    """This page in another language (GET pages only; a POST result falls back to home)."""
    if request.method == "GET" and request.endpoint:
        args = {k: v for k, v in request.args.items() if k != "lang"}
        from flask import url_for

        return url_for(request.endpoint, **(request.view_args or {}), **args, lang=lang)
    return f"/?lang={lang}"


# Audit event kinds (domain.audit.operations.record callers), as the audit tables show them.
EVENT = {
    "case_submitted": _l("Laporan diterima"),
    "attachment_added": _l("Lampiran ditambahkan"),
    "task_assigned": _l("Tugas dibuat"),
    "task_completed": _l("Tugas diselesaikan"),
    "task_reassigned": _l("Tugas dialihkan"),
    "status_changed": _l("Status berubah"),
    "timer_fired": _l("Batas waktu terlewati"),
    "deadline_recomputed": _l("Batas waktu dihitung ulang"),
    "note_added": _l("Catatan ditambahkan"),
    "identity_viewed": _l("Identitas pelapor dilihat"),
    "case_migrated": _l("Kasus dipindahkan ke versi proses lain"),
    "case_migration_refused": _l("Pemindahan kasus ditolak"),
    "process_deployed": _l("Versi proses dideploy"),
    "process_deployed_directly": _l("Versi proses dideploy langsung (tanpa persetujuan)"),
    "process_model_copied": _l("Model proses disalin untuk instansi"),
    "process_draft_submitted": _l("Draf proses diajukan"),
    "process_draft_approved": _l("Draf proses disetujui"),
    "process_draft_rejected": _l("Draf proses ditolak"),
    "calendar_changed": _l("Kalender hari kerja diubah"),
}
LETTER = {
    "disposition": _l("Nota dinas disposisi"),
    "follow_up": _l("Surat tindak lanjut"),
    "casefile": _l("Berkas perkara"),
}


@bp.app_template_filter("event_label")
def event_label(value: Any) -> str:
    """An audit event kind in words; an unknown kind shows as itself."""
    return _label(EVENT, value)


@bp.app_template_filter("letter_label")
def letter_label(value: Any) -> str:
    return _label(LETTER, value)


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
