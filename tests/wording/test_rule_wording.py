"""A rule is worded with the deadline's actual days, in Indonesian and English."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from domain.sla.rules import RULES, Rule
from wording import rules


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def _both(rule: Rule, days: int | None) -> tuple[str, str]:
    with force_locale("id"):
        indonesian = rules.describe(rule, days)
    with force_locale("en"):
        english = rules.describe(rule, days)
    return indonesian, english


def test_every_rule_says_the_days_it_is_given(ctx):
    assert RULES
    for rule in RULES.values():
        assert rules.known(rule.id), rule.id
        for days in (1, 2, rule.working_days):
            indonesian, english = _both(rule, days)
            assert f"{days} hari kerja" in indonesian, rule.id
            unit = "working day" if days == 1 else "working days"
            assert f"{days} {unit}" in english, rule.id
            assert f"{rule.working_days} hari kerja" not in indonesian or days == rule.working_days


def test_describe_replaces_the_maximum_and_label_keeps_it(ctx):
    rule = RULES["follow_up_5hk"]
    assert _both(rule, 4) == ("Tindak lanjut instansi dalam 4 hari kerja sejak disposisi",
                              "Agency follow-up within 4 working days of disposition")
    assert _both(rule, 1)[1] == "Agency follow-up within 1 working day of disposition"
    with force_locale("id"):
        assert rules.describe(rule, None) == rules.label(rule) == \
            "Tindak lanjut instansi dalam 5 hari kerja sejak disposisi"
    with force_locale("en"):
        assert rules.label(rule) == "Agency follow-up within 5 working days of disposition"


@pytest.mark.parametrize("locale, expected", [
    ("id", "investigation (2 hari kerja)"),
    ("en", "investigation (1 working day)"),
])
def test_a_rule_the_catalogue_does_not_know_still_says_its_days(ctx, locale, expected):
    rule = Rule("investigation", 60, "uji")
    days = 2 if locale == "id" else 1
    with force_locale(locale):
        assert rules.describe(rule, days) == expected


def test_outside_a_request_rules_read_indonesian():
    """Workers and benches word rules without any app: the msgid, Indonesian."""
    assert rules.describe(RULES["verify_3hk"], 2) == "Verifikasi dan disposisi dalam 2 hari kerja"
