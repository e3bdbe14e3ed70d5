"""A rule is worded with the deadline's actual days, in Indonesian and English."""

from __future__ import annotations

import pytest

from domain.sla.rules import RULES, Rule


def test_every_rule_says_the_days_it_is_given():
    assert RULES
    for rule in RULES.values():
        for days in (1, 2, rule.working_days):
            indonesian, english = rule.describe(days, "id"), rule.describe(days, "en")
            assert f"{days} hari kerja" in indonesian, rule.id
            unit = "working day" if days == 1 else "working days"
            assert f"{days} {unit}" in english, rule.id
            assert f"{rule.working_days} hari kerja" not in indonesian or days == rule.working_days


def test_describe_replaces_the_maximum_and_label_keeps_it():
    rule = RULES["follow_up_5hk"]
    assert rule.describe(4, "id") == "Tindak lanjut instansi dalam 4 hari kerja sejak disposisi"
    assert rule.describe(4, "en") == "Agency follow-up within 4 working days of disposition"
    assert rule.describe(1, "en") == "Agency follow-up within 1 working day of disposition"
    assert rule.describe(None, "id") == rule.label("id") == rule.label_id
    assert rule.label("en") == rule.label_en


@pytest.mark.parametrize("locale, expected", [
    ("id", "Investigasi {selesai} (2 hari kerja)"),
    ("en", "Investigation {done} (1 working day)"),
])
def test_a_label_without_its_days_gets_them_appended(locale, expected):
    rule = Rule("investigation", 60, "Investigasi {selesai}", "Investigation {done}", "uji")
    days = 2 if locale == "id" else 1
    assert rule.describe(days, locale) == expected
