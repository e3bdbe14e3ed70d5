"""The legal deadlines a timer can enforce. A BPMN timer names one of these by id.

A rule's `working_days` is the legal maximum: the law is a ceiling, and an agency may
publish a shorter service standard (light 2 HK instead of 5). A timer's own
`working_days(n)` is its actual length; the lint refuses an n above its rule's maximum, and
every deadline is shown with the timer's n (`Rule.describe`), never the ceiling in its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A deadline rule: its maximum in working days, its wording and where it comes from.

    `label_id` / `label_en` word the rule at its maximum ("... dalam 5 hari kerja ...");
    `describe(days, locale)` says the same with a timer's actual number of days.
    """

    id: str
    working_days: int  # the legal maximum; a timer may be shorter, never longer
    label_id: str
    label_en: str
    source: str
    # The clock pauses while the case waits for the reporter and resumes with what was left.
    resumes_after_hold: bool = False

    def template(self, locale: str) -> str:
        """The wording with `{days}` where the number of working days goes."""
        english = locale.startswith("en")
        text = self.label_en if english else self.label_id
        unit = r"working days?" if english else r"hari kerja"
        pattern = re.compile(rf"\b{self.working_days}\s+{unit}\b")
        if pattern.search(text):
            return pattern.sub(lambda _m: "{days} " + ("{unit}" if english else "hari kerja"),
                               text.replace("{", "{{").replace("}", "}}"), count=1)
        # A label that does not spell its days out gets them appended, never silently dropped.
        escaped = text.replace("{", "{{").replace("}", "}}")
        return escaped + (" ({days} {unit})" if english else " ({days} hari kerja)")

    def describe(self, days: int | None, locale: str) -> str:
        """The rule worded with a timer's actual days (None: the rule's maximum)."""
        n = self.working_days if days is None else int(days)
        return self.template(locale).format(
            days=n, unit="working day" if n == 1 else "working days"
        )

    def label(self, locale: str) -> str:
        """The rule at its maximum (the studio's list of rules); deadlines use `describe`."""
        return self.describe(None, locale)


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
            "escalation_coordinator_2hk",
            2,
            "Koordinator instansi menindaklanjuti eskalasi dalam 2 hari kerja",
            "Agency coordinator acts on an escalation within 2 working days",
            "Standar pelayanan Aduan",
        ),
        Rule(
            "escalation_national_3hk",
            3,
            "Admin nasional memutuskan eskalasi dalam 3 hari kerja",
            "National admin decides an escalation within 3 working days",
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
