"""How many SMS a text costs: GSM-7 or UCS-2, single or concatenated (3GPP TS 23.038/23.040).

A text whose every character is in the GSM 03.38 default alphabet (or its extension table,
whose characters `^{}[]~|€\\` and form feed take two septets: an escape and the character)
goes as GSM-7: 160 septets in one SMS, 153 per part once it is split (the user data header
takes 7). Anything else (an emoji, most non-Latin script, a curly quote) makes the whole
message UCS-2: 70 UTF-16 units in one SMS, 67 per part. A character never straddles two
parts: an escape pair stays together, and so does a surrogate pair (an emoji is 2 units).
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\x0c")
GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True)
class Count:
    """The encoding a text needs, its length in that encoding's units, and the SMS it takes."""

    encoding: str  # "gsm7" or "ucs2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _width(ch: str, gsm: bool) -> int:
    if gsm:
        return 2 if ch in GSM7_EXTENSION else 1
    return 2 if ord(ch) > 0xFFFF else 1


def count(text: str) -> Count:
    """The encoding, units and number of SMS `text` takes (an empty text is one SMS)."""
    gsm = is_gsm7(text)
    single, part = (GSM7_SINGLE, GSM7_PART) if gsm else (UCS2_SINGLE, UCS2_PART)
    widths = [_width(ch, gsm) for ch in text]
    units = sum(widths)
    if units <= single:
        return Count("gsm7" if gsm else "ucs2", units, 1)
    segments, used = 1, 0
    for width in widths:  # pack greedily: a two-unit character never straddles parts
        if used + width > part:
            segments, used = segments + 1, 0
        used += width
    return Count("gsm7" if gsm else "ucs2", units, segments)


def fit(text: str, segments: int = 1) -> str:
    """`text` cut (at a word if one is near) so that it takes at most `segments` SMS."""
    if count(text).segments <= segments:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with its "..."
        middle = (low + high + 1) // 2
        if count(text[:middle].rstrip() + "...").segments <= segments:
            low = middle
        else:
            high = middle - 1
    cut = text[:low]
    space = cut.rfind(" ")
    if space > low * 0.7:
        cut = cut[:space]
    return cut.rstrip() + "..."
