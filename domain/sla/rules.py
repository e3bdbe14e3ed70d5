"""The legal deadlines a timer can enforce. A BPMN timer names one of these by id."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A deadline rule: its length in working days, its wording and where it comes from."""

    id: str
    working_days: int
    label_id: str
    label_en: str
    source: str
    # The clock pauses while the case waits for the reporter and resumes with what was left.
    resumes_after_hold: bool = False

    def label(self, locale: str) -> str:
        return self.label_en if locale.startswith("en") else self.label_id


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "verify_3hk",
            3,
            "Verifikasi dan disposisi dalam 3 hari kerja",
            "Verify and dispose within 3 working days",
            "Ketentuan SP4N-LAPOR!",
            resumes_after_hold=True,
        ),
        Rule(
            "follow_up_5hk",
            5,
            "Tindak lanjut instansi dalam 5 hari kerja sejak disposisi",
            "Agency follow-up within 5 working days of disposition",
            "Ketentuan SP4N-LAPOR!",
        ),
        Rule(
            "escalation_supervisor_2hk",
            2,
            "Atasan unit menindaklanjuti eskalasi dalam 2 hari kerja",
            "Unit supervisor acts on an escalation within 2 working days",
            "Standar pelayanan Aduan",
        ),
        Rule(
            "reporter_hold_10hk",
            10,
            "Pelapor melengkapi laporan dalam 10 hari kerja",
            "Reporter completes the report within 10 working days",
            "Ketentuan SP4N-LAPOR!",
        ),
        Rule(
            "response_10hk",
            10,
            "Laporan selesai bila tidak ada tanggapan dalam 10 hari kerja setelah tindak lanjut",
            "Case closes without a reply within 10 working days of the follow-up",
            "Ketentuan SP4N-LAPOR!",
        ),
    )
}
