"""Deadline rules in words, always with the deadline's own number of working days.

Each rule is one plural-aware catalogue entry (`ngettext`: "1 working day", "2 working days"),
so a timer of 4 days under the 5-day rule reads "dalam 4 hari kerja", never the ceiling. A
rule the catalogue does not know (a future rule id) still says its days after its id rather
than dropping them.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import ngettext

from domain.sla.rules import Rule

_TEXT: dict[str, Callable[[int], str]] = {
    "verify_3hk": lambda n: ngettext(
        "Verifikasi dan disposisi dalam %(num)d hari kerja",
        "Verifikasi dan disposisi dalam %(num)d hari kerja", n),
    "follow_up_5hk": lambda n: ngettext(
        "Tindak lanjut instansi dalam %(num)d hari kerja sejak disposisi",
        "Tindak lanjut instansi dalam %(num)d hari kerja sejak disposisi", n),
    "escalation_supervisor_2hk": lambda n: ngettext(
        "Atasan unit menindaklanjuti eskalasi dalam %(num)d hari kerja",
        "Atasan unit menindaklanjuti eskalasi dalam %(num)d hari kerja", n),
    "escalation_coordinator_2hk": lambda n: ngettext(
        "Koordinator instansi menindaklanjuti eskalasi dalam %(num)d hari kerja",
        "Koordinator instansi menindaklanjuti eskalasi dalam %(num)d hari kerja", n),
    "escalation_national_3hk": lambda n: ngettext(
        "Admin nasional memutuskan eskalasi dalam %(num)d hari kerja",
        "Admin nasional memutuskan eskalasi dalam %(num)d hari kerja", n),
    "reporter_hold_10hk": lambda n: ngettext(
        "Pelapor melengkapi laporan dalam %(num)d hari kerja",
        "Pelapor melengkapi laporan dalam %(num)d hari kerja", n),
    "response_10hk": lambda n: ngettext(
        "Laporan selesai bila tidak ada tanggapan dalam %(num)d hari kerja setelah tindak lanjut",
        "Laporan selesai bila tidak ada tanggapan dalam %(num)d hari kerja setelah tindak lanjut",
        n),
    "information_answer_10hk": lambda n: ngettext(
        "PPID menjawab permintaan informasi dalam %(num)d hari kerja sejak diterima",
        "PPID menjawab permintaan informasi dalam %(num)d hari kerja sejak diterima", n),
    "information_extension_7hk": lambda n: ngettext(
        "Perpanjangan satu kali: jawaban dalam %(num)d hari kerja berikutnya",
        "Perpanjangan satu kali: jawaban dalam %(num)d hari kerja berikutnya", n),
    "information_objection_filing_30hk": lambda n: ngettext(
        "Pemohon dapat mengajukan keberatan dalam %(num)d hari kerja",
        "Pemohon dapat mengajukan keberatan dalam %(num)d hari kerja", n),
    "information_objection_answer_30hk": lambda n: ngettext(
        "Atasan PPID menanggapi keberatan dalam %(num)d hari kerja sejak diterima",
        "Atasan PPID menanggapi keberatan dalam %(num)d hari kerja sejak diterima", n),
    "aspiration_acknowledge_3hk": lambda n: ngettext(
        "Aspirasi diterima dan didisposisikan dalam %(num)d hari kerja",
        "Aspirasi diterima dan didisposisikan dalam %(num)d hari kerja", n),
    "aspiration_consider_3hk": lambda n: ngettext(
        "Unit mempertimbangkan aspirasi dalam %(num)d hari kerja sejak disposisi",
        "Unit mempertimbangkan aspirasi dalam %(num)d hari kerja sejak disposisi", n),
    "aspiration_answer_2hk": lambda n: ngettext(
        "Jawaban aspirasi dikirim dalam %(num)d hari kerja setelah pertimbangan",
        "Jawaban aspirasi dikirim dalam %(num)d hari kerja setelah pertimbangan", n),
}


def describe(rule: Rule, days: int | None = None) -> str:
    """The rule worded with a timer's actual days (None: the rule's maximum)."""
    n = rule.working_days if days is None else int(days)
    text = _TEXT.get(rule.id)
    if text is not None:
        return text(n)
    return ngettext("%(rule)s (%(num)d hari kerja)", "%(rule)s (%(num)d hari kerja)", n,
                    rule=rule.id)


def label(rule: Rule) -> str:
    """The rule at its maximum (the studio's list of rules); deadlines use `describe`."""
    return describe(rule)


def known(rule_id: str) -> bool:
    """Whether the catalogue words this rule (tests: every rule in RULES is worded)."""
    return rule_id in _TEXT
