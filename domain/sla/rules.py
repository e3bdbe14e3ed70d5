"""The legal deadlines a timer can enforce. A BPMN timer names one of these by id.

A rule's `working_days` is the legal maximum: the law is a ceiling, and an agency may
publish a shorter service standard (light 2 HK instead of 5). A timer's own
`working_days(n)` is its actual length; the lint refuses an n above its rule's maximum, and
every deadline is shown with the timer's n, never the ceiling in its place.

Rules are data: their wording for people (in Indonesian and English, with the timer's actual
days) is `wording.rules`, in the one catalogue with every other word.
"""

from __future__ import annotations

from dataclasses import dataclass

SP4N = "Ketentuan SP4N-LAPOR!"
ADUAN = "Standar pelayanan Aduan"
# UU 14/2008 tentang Keterbukaan Informasi Publik, cited to the article that sets each deadline.
KIP = "UU 14/2008 (Keterbukaan Informasi Publik)"


@dataclass(frozen=True)
class Rule:
    """A deadline rule: its maximum in working days and where it comes from (a citation)."""

    id: str
    working_days: int  # the legal maximum; a timer may be shorter, never longer
    source: str
    # The clock pauses while the case waits for the reporter and resumes with what was left.
    resumes_after_hold: bool = False


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("verify_3hk", 3, SP4N, resumes_after_hold=True),
        Rule("follow_up_5hk", 5, SP4N),
        Rule("escalation_supervisor_2hk", 2, ADUAN),
        Rule("escalation_coordinator_2hk", 2, ADUAN),
        Rule("escalation_national_3hk", 3, ADUAN),
        Rule("reporter_hold_10hk", 10, SP4N),
        Rule("response_10hk", 10, SP4N),
        # Information requests (bpmn/information_request.bpmn).
        Rule("information_answer_10hk", 10, f"{KIP} pasal 22 ayat (7)"),
        Rule("information_extension_7hk", 7, f"{KIP} pasal 22 ayat (8)"),
        Rule("information_objection_filing_30hk", 30, f"{KIP} pasal 36 ayat (1)"),
        Rule("information_objection_answer_30hk", 30, f"{KIP} pasal 36 ayat (2)"),
        # Aspirations (bpmn/aspiration.bpmn): the SP4N-LAPOR! 3 + 5 working days, the 5 split
        # into considering (3) and answering (2) so the answer is due when a follow-up is.
        Rule("aspiration_acknowledge_3hk", 3, SP4N),
        Rule("aspiration_consider_3hk", 3, f"{ADUAN} (dalam 5 HK tindak lanjut SP4N-LAPOR!)"),
        Rule("aspiration_answer_2hk", 2, f"{ADUAN} (dalam 5 HK tindak lanjut SP4N-LAPOR!)"),
    )
}
