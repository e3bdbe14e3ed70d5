"""The words of every notification: short for SMS, a subject and body for e-mail.

Plain text only (no HTML mail), so citizen text cannot become markup. Officers' notices name
the case by tracking id and never quote the reporter's identity. The words are gettext's, in
the one catalogue (statuses and rules read as on the pages); notifications go out in
Indonesian, the default language of the service, whatever worker renders them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from domain.cases.models import Case, HumanTask
from domain.channels.queries import latest_answer
from domain.sla.calendar import WIB
from domain.sla.rules import RULES
from wording import labels, rules


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def _when(moment: datetime | None) -> str:
    return moment.astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB") if moment else "-"


def _deadline(case: Case) -> str:
    if case.due_at is None:
        return ""
    rule = RULES.get(case.due_rule or "")
    label = rules.describe(rule, case.due_working_days) if rule else (case.due_rule or "")
    return _("Tenggat: %(when)s (%(rule)s).", when=_when(case.due_at), rule=label)


def receipt(case: Case, payload: dict[str, Any]) -> Message:
    body = _("Laporan Anda telah diterima. Nomor pelacakan: %(tid)s. "
             "Kunci pelapor (rahasia, simpan baik-baik): %(key)s. "
             "Gunakan keduanya untuk memantau dan menanggapi laporan Anda.",
             tid=case.tracking_id, key=payload.get("reporter_key", ""))
    return Message(_("Laporan %(tid)s diterima", tid=case.tracking_id), body)


def status(case: Case, payload: dict[str, Any]) -> Message:
    new = str(payload.get("to", case.status.value))
    body = _("Laporan %(tid)s: %(status)s.", tid=case.tracking_id, status=labels.status(new))
    if next_step := labels.next_step(new):
        body += " " + next_step
    if new == "responded" and (answer := latest_answer(case)):
        # The officer's public answer goes back on the reporter's own channel.
        body += " " + _("Jawaban: %(answer)s", answer=answer)
    if new in ("hold", "responded") and case.due_at:
        body += " " + _deadline(case)
    return Message(_("Status laporan %(tid)s", tid=case.tracking_id), body)


def escalation(case: Case, task: HumanTask | None, payload: dict[str, Any]) -> Message:
    label = task.label if task else _("tugas")
    rule = RULES.get(task.due_rule or "") if task else None
    due = (" " + _("Tenggat baru: %(when)s (%(rule)s).", when=_when(task.due_at),
                   rule=rules.describe(rule, task.due_working_days))
           if task and rule else "")
    body = _("Eskalasi tingkat %(level)s: laporan %(tid)s melewati tenggat sebelumnya. "
             "Tugas \"%(task)s\" kini menunggu tindakan Anda.",
             level=payload.get("level", 1), tid=case.tracking_id, task=label) + due
    return Message(_("Eskalasi laporan %(tid)s", tid=case.tracking_id), body)


def password_reset(payload: dict[str, Any]) -> Message:
    """An officer's one-time link (issued by an admin, domain/org/passwords.py)."""
    expires = datetime.fromisoformat(payload["expires_at"]) if payload.get("expires_at") else None
    body = _("Admin Aduan mengirim tautan untuk mengatur ulang kata sandi Anda: %(url)s . "
             "Tautan ini berlaku sampai %(when)s dan hanya dapat dipakai sekali. "
             "Jika Anda tidak memintanya, abaikan pesan ini dan hubungi admin Anda.",
             url=payload.get("reset_url", ""), when=_when(expires))
    return Message(_("Atur ulang kata sandi Aduan"), body)


def render(template: str, case: Case | None, payload: dict[str, Any],
           task: HumanTask | None) -> Message:
    builders = {"receipt": receipt, "status": status}
    with force_locale("id"):
        if template == "password_reset":
            return password_reset(payload)
        if template == "escalation":
            return escalation(case, task, payload)
        if template in builders:
            return builders[template](case, payload)
    raise ValueError(f"unknown message template {template!r}")
