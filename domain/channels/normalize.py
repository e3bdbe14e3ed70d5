"""What every inbound message is made into before it is stored: E.164 numbers, NFC text.

SMS gateways hand numbers over in every shape (`081234567890`, `6281234567890`,
`+62 812-3456-7890`); one form per number is what makes "the number that filed the case"
and the per-number rate limit and opt-out hold. Text is NFC (a composed `é` and `e` plus a
combining accent are the same word to the parser and the search), without control and bidi
formatting characters (the rules of `forms.text`), with newlines kept.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from domain.text import strip_bidi

DEFAULT_COUNTRY = "ID"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def e164(raw: str, country: str = DEFAULT_COUNTRY) -> str | None:
    """`raw` as an E.164 number (`+6281234567890`), or None if it is no possible number.

    A gateway's `6281...` (no plus) is read as international first: that is how Twilio's
    and Vonage's inbound numbers look. Short codes (`1708`) are kept as digits.
    """
    text = (raw or "").strip()
    if not text:
        return None
    digits = re.sub(r"[^\d+]", "", text)
    if digits.isdigit() and len(digits) <= 6:  # a short code or a service number
        return digits
    candidates = [digits] if digits.startswith("+") or digits.startswith("0") \
        else ["+" + digits, digits]
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, country)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def clean_text(raw: str, limit: int = 10_000, *, strip: bool = True) -> str:
    """NFC, no control or bidi formatting characters, CRLF as LF, trimmed, capped.

    The parts of a multi-part SMS keep their edge spaces (`strip=False`): a part may end
    between two words, and the joined text is trimmed once.
    """
    text = unicodedata.normalize("NFC", raw or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.replace("\t", " "))
    text = strip_bidi(text, single_line=False)
    return (text.strip() if strip else text)[:limit]
