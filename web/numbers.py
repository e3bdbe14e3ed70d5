"""Numbers in the reader's language, fast enough for a ranking of hundreds of rows.

Babel's `format_decimal` parses its pattern and builds a Decimal per call (~35 µs): the
scorecard page's ranking of 300 agencies spent four fifths of its time there. The two
patterns the pages use ("#,##0.###" for numbers, "#,##0.0%" for shares) are done here with
Python's own formatting and the locale's two symbols from Babel's data, read once per
locale. Rounding is Babel's (half to even, on the decimal value); tests/web/test_numbers.py
compares both for every value class in both languages.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol

_THREE = Decimal("0.001")
_ONE = Decimal("0.1")


@lru_cache(maxsize=16)
def _symbols(locale: str) -> tuple[str, str]:
    return get_decimal_symbol(locale), get_group_symbol(locale)


def _localised(text: str, locale: str) -> str:
    decimal, group = _symbols(locale)
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def decimal_label(value: float | int, locale: str) -> str:
    """`value` as Babel's "#,##0.###": groups of three, at most three decimals, no
    trailing zeros."""
    if isinstance(value, int):
        return _localised(f"{value:,}", locale)
    rounded = Decimal(repr(float(value))).quantize(_THREE, rounding=ROUND_HALF_EVEN)
    text = f"{rounded:,.3f}".rstrip("0").rstrip(".")
    return _localised(text, locale)


def percent_label(share: float, locale: str) -> str:
    """`share` (0..1) as Babel's "#,##0.0%": one decimal, then the sign."""
    rounded = (Decimal(repr(float(share))) * 100).quantize(_ONE, rounding=ROUND_HALF_EVEN)
    text = f"{rounded:,.1f}"
    return _localised(text, locale) + "%"
