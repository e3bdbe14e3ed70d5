"""A rule's working days are a ceiling: a timer may be shorter than its rule, never longer.

The engine learns the ceilings from its caller ({rule id: maximum}), so it stays free of
domain imports; the timer's own days go into the version's metadata for every label.
"""

from __future__ import annotations

from domain.processes.vocabulary import VOCABULARY
from engine.lint import check_all, extract_metadata, lint_bpmn
from engine.xmlsafe import parse_xml
from tests.engine.lint_support import DMN, FORMS, GOOD

CEILINGS = {"verify_3hk": 3, "escalate_5hk": 5}


def _issues(xml, rules=CEILINGS):
    return [(i.element_id, i.message)
            for i in lint_bpmn(parse_xml(xml), known_forms=FORMS, known_rules=rules,
                             vocabulary=VOCABULARY)]


def _wait_days(expression: str) -> str:
    return GOOD.replace("<bpmn:timeDate>working_days(5)</bpmn:timeDate>",
                        f"<bpmn:timeDate>{expression}</bpmn:timeDate>")


def test_a_timer_at_or_below_its_rule_passes():
    assert _issues(GOOD) == []
    assert _issues(_wait_days("working_days(2)")) == []
    assert _issues(_wait_days("working_days(0)")) == []


def test_a_timer_longer_than_its_rule_is_refused_naming_the_element():
    assert _issues(_wait_days("working_days(7)")) == [
        ("wait", "deadline of 7 working days exceeds the 5 allowed by rule escalate_5hk")]


def test_ceiling_is_checked_against_the_timer_own_rule():
    # 4 days is fine for the 5-day rule but too long for the 3-day one on verify_late.
    xml = GOOD.replace("<bpmn:timeDate>working_days(3)</bpmn:timeDate>",
                       "<bpmn:timeDate>working_days(4)</bpmn:timeDate>")
    assert _issues(xml) == [
        ("verify_late", "deadline of 4 working days exceeds the 3 allowed by rule verify_3hk")]


def test_days_must_be_a_literal_so_they_can_be_checked():
    message = ("timer expression must be working_days(n) with a whole number n, so its "
               "deadline can be checked against rule escalate_5hk")
    for expression in ("working_days(2 + 5)", "working_days(holds)", "working_days(-1)",
                       "working_days(True)", "working_days(n=3)"):
        assert _issues(_wait_days(expression)) == [("wait", message)], expression


def test_an_expression_the_sandbox_refuses_is_reported_once():
    hostile = _wait_days("open('/etc/passwd')")
    found = [(i.element_id, i.message) for i in check_all(
        parse_xml(hostile), [parse_xml(DMN, what="DMN")], known_forms=FORMS,
        known_rules=CEILINGS, vocabulary=VOCABULARY)]
    assert [element for element, _ in found] == ["wait"]
    assert "must be working_days(n)" not in found[0][1]


def test_names_only_still_check_names_not_days():
    assert _issues(_wait_days("working_days(7)"), rules=set(CEILINGS)) == []


def test_metadata_carries_each_timer_own_days():
    meta = extract_metadata(parse_xml(_wait_days("working_days(2)")))
    assert meta["verify_late"]["timer_working_days"] == 3
    assert meta["wait"]["timer_working_days"] == 2
    assert "timer_working_days" not in meta["verify"]
