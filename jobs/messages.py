"""The words of every notification: short for SMS, a subject and body for e-mail.

Plain text only (no HTML mail), so citizen text cannot become markup. Officers' notices name
the case by tracking id and never quote the reporter's identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.cases.models import Case, HumanTask
from domain.sla.calendar import WIB
from domain.sla.rules import RULES

STATUS_TEXT = {
    "verification": "sedang diverifikasi",
    "hold": "ditunda: mohon lengkapi informasi laporan Anda",
    "follow_up": "telah didisposisikan ke instansi yang berwenang untuk ditindaklanjuti",
    "responded": "telah ditindaklanjuti; silakan baca dan tanggapi tindak lanjutnya",
    "closed": "selesai",
    "archived": "diarsipkan",
}


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
    label = rule.describe(case.due_working_days, "id") if rule else (case.due_rule or "")
    return f"Tenggat: {_when(case.due_at)} ({label})."


def receipt(case: Case, payload: dict[str, Any]) -> Message:
    key = payload.get("reporter_key", "")
    body = (f"Laporan Anda telah diterima. Nomor pelacakan: {case.tracking_id}. "
            f"Kunci pelapor (rahasia, simpan baik-baik): {key}. "
            "Gunakan keduanya untuk memantau dan menanggapi laporan Anda.")
    return Message(f"Laporan {case.tracking_id} diterima", body)


def status(case: Case, payload: dict[str, Any]) -> Message:
    new = str(payload.get("to", case.status.value))
    text = STATUS_TEXT.get(new, new)
    body = f"Laporan {case.tracking_id} {text}."
    if new in ("hold", "responded") and case.due_at:
        body += " " + _deadline(case)
    return Message(f"Status laporan {case.tracking_id}", body)


def escalation(case: Case, task: HumanTask | None, payload: dict[str, Any]) -> Message:
    label = task.label if task else "tugas"
    rule = RULES.get(task.due_rule or "") if task else None
    due = (f" Tenggat baru: {_when(task.due_at)} ({rule.describe(task.due_working_days, 'id')})."
           if task and rule else "")
    body = (f"Eskalasi tingkat {payload.get('level', 1)}: laporan {case.tracking_id} "
            f"melewati tenggat sebelumnya. Tugas \"{label}\" kini menunggu tindakan Anda.{due}")
    return Message(f"Eskalasi laporan {case.tracking_id}", body)


def render(template: str, case: Case, payload: dict[str, Any], task: HumanTask | None) -> Message:
    if template == "receipt":
        return receipt(case, payload)
    if template == "status":
        return status(case, payload)
    if template == "escalation":
        return escalation(case, task, payload)
    raise ValueError(f"unknown message template {template!r}")
