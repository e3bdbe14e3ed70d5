"""The words of every notification: short for SMS, a subject and body for e-mail.

Plain text only (no HTML mail), so citizen text cannot become markup. Officers' notices name
the case by tracking id and never quote the reporter's identity. The words are gettext's, in
the one catalogue (statuses and rules read as on the pages), in the recipient's language:
an officer's own (`user_account.locale`), Indonesian for reporters (the service's default;
a reporter states no language).

A notice says what its event said: it is worded from the `facts` its event row recorded in
the event's own transaction (domain/outbox/facts.py), never from the case as it is when the
worker sends it. Rows written before facts existed carry none; `legacy_facts` then reads the
case and task as the worker finds them (the old behaviour) so they still go out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from domain.audit.models import CaseEvent
from domain.audit.operations import chain_for
from domain.cases.models import Case, HumanTask
from domain.channels.mail import refusals
from domain.channels.queries import filing_message, latest_answer
from domain.enums import Channel
from domain.outbox.facts import deadline
from domain.sla.calendar import WIB
from domain.sla.rules import RULES
from wording import channels as channel_words
from wording import labels, rules


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def when(value: str | datetime | None) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB") if moment else "-"


def due_words(facts: dict[str, Any]) -> str:
    """"(rule, in n working days)" of the event's own deadline; "" without one."""
    rule = RULES.get(facts.get("due_rule") or "")
    return rules.describe(rule, facts.get("due_working_days")) if rule else \
        str(facts.get("due_rule") or "")


def _deadline(facts: dict[str, Any]) -> str:
    if not facts.get("due_at"):
        return ""
    return _("Tenggat: %(when)s (%(rule)s).", when=when(facts["due_at"]), rule=due_words(facts))


def _quoted(case_id: int | None, seq: Any, field: str) -> str | None:
    """A field of the task completion at chain position `seq` (the audit chain is
    append-only, so it reads as it did when the event happened)."""
    if not seq or case_id is None:
        return None
    from domain.db import db

    payload = db.session.execute(sa.select(CaseEvent.payload).where(
        CaseEvent.chain == chain_for(case_id), CaseEvent.seq == seq)).scalar()
    text = ((payload or {}).get("data") or {}).get(field)
    return text.strip() if isinstance(text, str) and text.strip() else None


def _answer(case_id: int | None, facts: dict[str, Any]) -> str | None:
    """The public answer of the event: the task completion its facts point to."""
    if "answer" in facts:  # a legacy row's answer, read from the case when sending
        return facts["answer"]
    return _quoted(case_id, facts.get("answer_seq"), "answer")


def _refused_files(case_id: int | None) -> str:
    """For a case filed by e-mail, the files of that mail the upload check left out (read
    from the mail's own row, written once with the case; the names are cleaned there)."""
    if case_id is None:
        return ""
    from domain.db import db

    case = db.session.get(Case, case_id)
    filed = filing_message(case) if case is not None else None
    if filed is None or filed.channel != Channel.EMAIL:
        return ""
    return channel_words.refused_files(refusals(filed.raw))


def receipt(facts: dict[str, Any], payload: dict[str, Any],
            case_id: int | None = None) -> Message:
    body = _("Laporan Anda telah diterima. Nomor pelacakan: %(tid)s. "
             "Kunci pelapor (rahasia, simpan baik-baik): %(key)s. "
             "Gunakan keduanya untuk memantau dan menanggapi laporan Anda.",
             tid=facts["tid"], key=payload.get("reporter_key", ""))
    if refused := _refused_files(case_id):
        body += "\n\n" + refused  # the receipt is the answer to that mail: it says what's out
    return Message(_("Laporan %(tid)s diterima", tid=facts["tid"]), body)


def status(facts: dict[str, Any], case_id: int | None) -> Message:
    new = str(facts.get("to"))
    body = _("Laporan %(tid)s: %(status)s.", tid=facts["tid"], status=labels.status(new))
    if next_step := labels.next_step(new):
        body += " " + next_step
    if new == "responded" and (answer := _answer(case_id, facts)):
        # The officer's public answer goes back on the reporter's own channel.
        body += " " + _("Jawaban: %(answer)s", answer=answer)
    if new in ("hold", "responded") and facts.get("due_at"):
        body += " " + _deadline(facts)
    return Message(_("Status laporan %(tid)s", tid=facts["tid"]), body)


def reporter_notice(facts: dict[str, Any], case_id: int | None) -> Message:
    """What a task marked `reporter_notice` tells the reporter (domain.enums.ReporterNotice).

    `extended`: the written notice UU 14/2008 pasal 22(8) requires, with the new deadline
    before the reason, so an SMS cut at its length still says by when."""
    if facts.get("notice") != "extended":
        raise ValueError(f"unknown reporter notice {facts.get('notice')!r}")
    body = _("Permintaan informasi %(tid)s: waktu jawaban diperpanjang satu kali.",
             tid=facts["tid"])
    if facts.get("due_at"):
        body += " " + _("Tenggat baru: %(when)s (%(rule)s).", when=when(facts["due_at"]),
                        rule=due_words(facts))
    if reason := _quoted(case_id, facts.get("reason_seq"), "reason"):
        body += " " + _("Alasan: %(reason)s", reason=reason)
    return Message(_("Perpanjangan waktu jawaban %(tid)s", tid=facts["tid"]), body)


def escalation(facts: dict[str, Any]) -> Message:
    due = (" " + _("Tenggat baru: %(when)s (%(rule)s).", when=when(facts["due_at"]),
                   rule=due_words(facts))) if facts.get("due_at") else ""
    body = _("Eskalasi tingkat %(level)s: laporan %(tid)s melewati tenggat sebelumnya. "
             "Tugas \"%(task)s\" kini menunggu tindakan Anda.",
             level=facts.get("level", 1), tid=facts["tid"],
             task=facts.get("task") or _("tugas")) + due
    return Message(_("Eskalasi laporan %(tid)s", tid=facts["tid"]), body)


def password_reset(payload: dict[str, Any]) -> Message:
    """An officer's one-time link (issued by an admin, domain/org/passwords.py)."""
    body = _("Admin Aduan mengirim tautan untuk mengatur ulang kata sandi Anda: %(url)s . "
             "Tautan ini berlaku sampai %(when)s dan hanya dapat dipakai sekali. "
             "Jika Anda tidak memintanya, abaikan pesan ini dan hubungi admin Anda.",
             url=payload.get("reset_url", ""), when=when(payload.get("expires_at")))
    return Message(_("Atur ulang kata sandi Aduan"), body)


def disposition(template: str, facts: dict[str, Any]) -> Message:
    """To a unit's liaison: the case is his unit's to act on (`disposed`) or, for a copy
    unit (tembusan), for information only (`copied`)."""
    unit = (facts.get("unit") or {}).get("name") or "-"
    if template == "disposed":
        body = _("Laporan %(tid)s didisposisikan ke %(unit)s untuk ditindaklanjuti.",
                 tid=facts["tid"], unit=unit)
        if facts.get("due_at"):
            body += " " + _deadline(facts)
        return Message(_("Disposisi laporan %(tid)s", tid=facts["tid"]), body)
    body = _("Tembusan untuk %(copy)s: laporan %(tid)s didisposisikan ke %(unit)s. "
             "Tembusan ini untuk diketahui; tidak ada tugas bagi unit Anda.",
             copy=facts.get("copy") or "-", tid=facts["tid"], unit=unit)
    return Message(_("Tembusan laporan %(tid)s", tid=facts["tid"]), body)


def digest(day: str, items: list[Message], more: int) -> Message:
    """One mail a day: each event's own notice, in the order they happened."""
    lines = [_("Ringkasan pemberitahuan Aduan untuk %(day)s:", day=day), ""]
    lines += [f"- {item.subject}: {item.body}" for item in items]
    if more:
        lines += ["", _("... dan %(n)d pemberitahuan lain; lihat kotak masuk di meja kerja.",
                        n=more)]
    return Message(_("Ringkasan harian Aduan %(day)s (%(n)d)", day=day, n=len(items) + more),
                   "\n".join(lines))


def recap(agency: str, month: str, locale: str = "id") -> Message:
    """To an agency's coordinators: the month's recap PDF is ready on the desk."""
    with force_locale(locale if locale in ("id", "en") else "id"):
        return Message(
            _("Rekap bulanan Aduan %(month)s: %(agency)s", month=month, agency=agency),
            _("Rekap bulanan laporan %(agency)s untuk %(month)s sudah tersedia di meja kerja "
              "Aduan: menu Kinerja, Rekap bulanan (/desk/recaps).", agency=agency, month=month))


def legacy_facts(template: str, case: Case | None, payload: dict[str, Any],
                 task: HumanTask | None) -> dict[str, Any]:
    """A row without facts (written before they existed): the case as it is now."""
    if case is None:
        return {}
    facts: dict[str, Any] = {"tid": case.tracking_id, "to": payload.get("to", case.status.value),
                             "level": payload.get("level", 1)}
    if template == "escalation":
        return {**facts, "task": task.label if task else None,
                **(deadline(task.due_at, task.due_rule, task.due_working_days) if task else {})}
    facts.update(deadline(case.due_at, case.due_rule, case.due_working_days))
    if template == "status" and facts["to"] == "responded":
        facts["answer"] = latest_answer(case)
    return facts


def words(template: str, facts: dict[str, Any], payload: dict[str, Any],
          case_id: int | None) -> Message:
    """The message of one template from its facts, in the current locale."""
    if template == "password_reset":
        return password_reset(payload)
    if template == "receipt":
        return receipt(facts, payload, case_id)
    if template == "status":
        return status(facts, case_id)
    if template == "escalation":
        return escalation(facts)
    if template == "reporter_notice":
        return reporter_notice(facts, case_id)
    if template in ("disposed", "copied"):
        return disposition(template, facts)
    if template == "digest":
        items = [words(item["template"], item["facts"], {}, item.get("case_id"))
                 for item in payload.get("items", [])]
        return digest(payload.get("day", ""), items, payload.get("more", 0))
    raise ValueError(f"unknown message template {template!r}")


def render(template: str, case: Case | None, payload: dict[str, Any],
           task: HumanTask | None, locale: str = "id") -> Message:
    """The message of a delivery row, worded from its facts (legacy rows: from the case)."""
    facts = payload.get("facts")
    if facts is None and template != "password_reset":
        facts = legacy_facts(template, case, payload, task)
    elif facts is not None and case is not None:
        facts = {"tid": case.tracking_id, **facts}
    with force_locale(locale if locale in ("id", "en") else "id"):
        return words(template, facts or {}, payload, case.id if case else None)
