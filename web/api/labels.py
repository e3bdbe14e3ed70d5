"""Words for statuses, lanes and timeline steps in the request's language.

The domain hands over codes (`follow_up`, `liaison`, `task_assigned`); turning them into a
sentence is presentation, so it happens here, through Flask-Babel like every other string.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.cases.history import Step
from domain.enums import CaseStatus, Lane
from domain.sla.rules import Rule

STATUS_LABELS = {
    CaseStatus.SUBMITTED: _l("Diterima"),
    CaseStatus.VERIFICATION: _l("Verifikasi"),
    CaseStatus.HOLD: _l("Ditunda, menunggu pelapor"),
    CaseStatus.FOLLOW_UP: _l("Tindak lanjut"),
    CaseStatus.RESPONDED: _l("Ditanggapi"),
    CaseStatus.CLOSED: _l("Selesai"),
    CaseStatus.ARCHIVED: _l("Diarsipkan"),
}

LANE_LABELS = {
    Lane.COORDINATOR: _l("Koordinator instansi"),
    Lane.NATIONAL_ADMIN: _l("Admin nasional"),
    Lane.LIAISON: _l("Admin penghubung unit"),
    Lane.SUPERVISOR: _l("Atasan unit"),
    Lane.REPORTER: _l("Pelapor"),
}


def status_label(status: str | None) -> str | None:
    if status is None:
        return None
    try:
        return str(STATUS_LABELS[CaseStatus(status)])
    except ValueError:
        return status


def lane_label(lane: str | None) -> str | None:
    if lane is None:
        return None
    try:
        return str(LANE_LABELS[Lane(lane)])
    except ValueError:
        return lane


def rule_json(rule: Rule | None, locale: str, days: int | None = None) -> dict[str, Any] | None:
    """The legal rule behind a deadline, worded in the reader's language.

    `working_days` is the deadline's actual length (`days`, the timer's working_days(n));
    `max_working_days` is the rule's legal maximum. Without `days` (rows from before
    deadlines kept their own length) both are the maximum.
    """
    if rule is None:
        return None
    actual = rule.working_days if days is None else days
    return {"id": rule.id, "label": rule.describe(actual, locale), "source": rule.source,
            "working_days": actual, "max_working_days": rule.working_days}


def _sentence(step: Step) -> str:
    who = lane_label(step.lane) or ""
    if step.owner:
        who = f"{who}, {step.owner}" if who else step.owner
    if step.kind == "case_submitted":
        return _("Laporan diterima.")
    if step.kind == "task_assigned":
        return _("Menunggu %(who)s: %(task)s", who=who, task=step.task_label or "")
    if step.kind == "task_completed":
        return _("Selesai: %(task)s", task=step.task_label or "")
    if step.kind == "status_changed":
        return _("Status menjadi: %(status)s", status=status_label(step.status) or "")
    if step.kind == "timer_fired":
        return _("Batas waktu terlewati.")
    return step.kind


def step_json(step: Step, locale: str) -> dict[str, Any]:
    """A history step as the API's timeline entry (see TimelineEntrySchema)."""
    handled_by = step.owner if step.kind == "task_assigned" else None
    return {
        "at": step.at, "kind": step.kind, "text": _sentence(step), "actor": step.actor,
        "lane": step.lane, "lane_label": lane_label(step.lane), "task_label": step.task_label,
        "handled_by": handled_by, "status": step.status,
        "status_label": status_label(step.status), "decision": step.decision,
        "rating": step.rating, "due_at": step.due_at,
        "rule": rule_json(step.rule, locale, step.working_days),
        "texts": [{"field": field, "text": text} for field, text in step.texts],
    }
