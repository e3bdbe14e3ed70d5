"""The fast number labels write what Babel writes, in Indonesian and English."""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent

from web.numbers import decimal_label, percent_label

VALUES = [0, 1, 7, 999, 1000, 12345, 1234567, -3, -1234, 0.0, 0.5, 1.25, 2.0005, 2.0015,
          3.14159, 1234.5678, 999999.9999, -0.0004, -12.3456, 0.1 + 0.2, 1e-7, 42.0]
SHARES = [0, 1, 0.5, 0.12345, 0.9995, 0.0005, 0.00049, 1 / 3, 2 / 3, 0.125, 12.3456, -0.25, -0.0001]


def test_numbers_match_babel_in_both_languages():
    for locale in ("id", "en"):
        for value in VALUES:
            assert decimal_label(value, locale) == format_decimal(value, locale=locale), \
                (locale, value)


def test_shares_match_babel_in_both_languages():
    for locale in ("id", "en"):
        for share in SHARES:
            assert percent_label(share, locale) == format_percent(share, "#,##0.0%",
                                                                 locale=locale), (locale, share)


def test_indonesian_groups_with_dots_and_decimals_with_commas():
    assert decimal_label(1234567, "id") == "1.234.567"
    assert decimal_label(1234.5, "id") == "1.234,5"
    assert percent_label(0.875, "id") == "87,5%" and percent_label(0.875, "en") == "87.5%"
