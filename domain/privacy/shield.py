"""The identity shield: personal data found in citizen text, and the text with it masked.

Pure functions, no database: `mask(text, reporter=...)` finds national ID numbers (NIK),
Indonesian phone numbers, e-mail addresses, the reporter's own name and contacts, and vehicle
plates, and returns the masked text with the spans it replaced (for the verifier's
highlighting). Texts are masked when they are read for an audience, never stored masked: the
original stays in the database for the verifying role.

What counts as a NIK (Permendagri 72/2019 layout `PP KK CC DDMMYY SSSS`): 16 digits whose
first two are a province code and whose digits 7-12 are a birth date, with 40 added to the
day for women. A 16-digit number without that shape (an account number, a date run) stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

import phonenumbers


class Kind(StrEnum):
    NIK = "nik"
    EMAIL = "email"
    PHONE = "phone"
    REPORTER = "reporter"
    PLATE = "plate"
    MANUAL = "manual"  # masked by the verifying officer (domain/cases/shield_overrides.py)


TOKENS = {Kind.NIK: "[NIK]", Kind.EMAIL: "[email]", Kind.PHONE: "[telepon]",
          Kind.REPORTER: "[nama pelapor]", Kind.PLATE: "[nomor polisi]",
          Kind.MANUAL: "[disamarkan]"}
_PRIORITY = {kind: i for i, kind in enumerate(Kind)}  # on a tie, the first kind names it

# Kemendagri province codes (38 provinces; 91..96 are the Papua provinces of 2022).
PROVINCES = frozenset([*range(11, 20), 21, *range(31, 37), 51, 52, 53, *range(61, 66),
                       *range(71, 77), 81, 82, *range(91, 97)])

# Region codes of Indonesian number plates (tanda nomor kendaraan bermotor).
PLATE_REGIONS = frozenset(
    "A B D E F G H K L M N P R S T W Z AA AB AD AE AG BA BB BD BE BG BH BK BL BM BN BP "
    "DA DB DD DE DG DH DK DL DM DN DR DS DT DW EA EB ED KB KH KT KU PA PB PG PT".split())

_SEP = r"[ .\-]?"
# Both patterns are lookaheads, so candidates may overlap: in `2024 3171 0155 0290 0001` the
# invalid `2024 3171 0155 0290` must not swallow the start of the NIK after it.
_NIK = re.compile(r"(?=(?<![\d.\-])((?:\d{16}|\d{2}" + _SEP + r"\d{2}" + _SEP + r"\d{2}" + _SEP
                  + r"\d{6}" + _SEP + r"\d{4}|\d{4}[ \-]\d{4}[ \-]\d{4}[ \-]\d{4})(?![\d])))")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# Mobile numbers however they are written (`62812...` without the plus, which the matcher
# reads as a national number; next to brackets the matcher skips): phonenumbers validates.
_MOBILE = re.compile(
    r"(?=(?<![\d+])((?:\+?62[ \-]?\(?|\(?0)8\d{1,2}\)?(?:[ .\-]?\d){5,10}(?!\d)))")
_PLATE = re.compile(r"\b([A-Z]{1,2}) ?(\d{1,4})(?: ?(?!R[TW] ?\d)([A-Z]{1,3}))?\b")
# A personal number is written from its trunk prefix or the country code; what starts
# otherwise (`1.500.000`, `1500-888`, `112`) is an amount or a service number.
_PERSONAL_START = re.compile(r"^(?:\+|\(?0|62)")


class ReporterData(Protocol):
    """What the shield reads of a reporter (the `Reporter` row has these attributes)."""

    name: str | None
    phone: str | None
    email: str | None
    nik: str | None


@dataclass(frozen=True)
class Span:
    """One detection: its kind and where it sits in the original text."""

    kind: Kind
    start: int
    end: int


@dataclass(frozen=True)
class Masked:
    """A text with its detections replaced by tokens; `original` for the verifying role."""

    original: str
    text: str
    spans: tuple[Span, ...]

    def __str__(self) -> str:
        return self.text

    def segments(self) -> list[tuple[str, Kind | None]]:
        """The original cut at the spans: (piece, kind of the detection or None)."""
        pieces, at = [], 0
        for span in self.spans:
            if span.start > at:
                pieces.append((self.original[at:span.start], None))
            pieces.append((self.original[span.start:span.end], span.kind))
            at = span.end
        if at < len(self.original):
            pieces.append((self.original[at:], None))
        return pieces


def is_nik(value: str) -> bool:
    """16 digits (separators ignored) with a province code and a DDMMYY birth date."""
    digits = re.sub(r"\D", "", value)
    if len(digits) != 16 or int(digits[:2]) not in PROVINCES:
        return False
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > 40:
        day -= 40
    for century in (2000, 1900):  # 29 February: either century may be the leap one
        try:
            date(century + year, month, day)
            return True
        except ValueError:
            continue
    return False


def _niks(text: str) -> list[Span]:
    return [Span(Kind.NIK, m.start(1), m.end(1)) for m in _NIK.finditer(text) if is_nik(m[1])]


def _emails(text: str) -> list[Span]:
    return [Span(Kind.EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text)]


def _valid_id_number(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw)
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(
            "+" + digits if digits.startswith("62") else digits, "ID"))
    except phonenumbers.NumberParseException:
        return False


def _phones(text: str) -> list[Span]:
    found = [Span(Kind.PHONE, m.start, m.end)
             for m in phonenumbers.PhoneNumberMatcher(text, "ID")
             if _PERSONAL_START.match(m.raw_string)]
    for m in _MOBILE.finditer(text):
        # A number written next to another (`0812 3456 7890 05`) is read greedily: the
        # longest prefix ending at a group boundary that is a valid number is the number.
        start, raw = m.start(1), m[1]
        ends = [m.end(1)] + [start + i for i in range(len(raw) - 1, 0, -1)
                             if raw[i] in " .-" and raw[i - 1].isdigit()]
        end = next((e for e in ends if _valid_id_number(text[start:e])), None)
        if end is not None:
            found.append(Span(Kind.PHONE, start, end))
    return found


def _plates(text: str) -> list[Span]:
    """Plates like `B 1234 XYZ`; without suffix letters only with 3-4 digits, and an `RT`
    or `RW` with a number is an address, so that degrees, classes and addresses (`S1 RT 05`,
    `kelas A 2`) stay."""
    return [Span(Kind.PLATE, m.start(), m.end()) for m in _PLATE.finditer(text)
            if m[1] in PLATE_REGIONS and (m[3] or len(m[2]) >= 3)]


def _digits_pattern(digits: str) -> str:
    return _SEP.join(re.escape(d) for d in digits)


def _reporter_patterns(reporter: ReporterData) -> list[str]:
    """The reporter's own name (whole, and each part of 3 letters or more), e-mail, NIK
    and phone (local `08…`, `62…` and `+62…` forms, any separators)."""
    patterns: list[str] = []
    name = " ".join((reporter.name or "").split())
    if name:
        parts = [p for p in name.split(" ") if len(p) >= 3]
        patterns.append(r"\s+".join(re.escape(p) for p in name.split(" ")))
        patterns += [re.escape(p) for p in parts]
    if reporter.email and reporter.email.strip():
        patterns.append(re.escape(reporter.email.strip()))
    nik = re.sub(r"\D", "", reporter.nik or "")
    if nik:
        patterns.append(_digits_pattern(nik))
    phone = re.sub(r"\D", "", reporter.phone or "")
    national = re.sub(r"^(?:62|0)", "", phone)
    if len(national) >= 6:
        patterns.append(r"(?:\+?62[ \-]?|\(?0)" + _digits_pattern(national))
    return patterns


def _reporter(text: str, reporter: ReporterData | None) -> list[Span]:
    if reporter is None:
        return []
    spans = []
    for pattern in _reporter_patterns(reporter):
        regex = re.compile(r"(?<!\w)" + pattern + r"(?!\w)", re.IGNORECASE)
        spans += [Span(Kind.REPORTER, m.start(), m.end()) for m in regex.finditer(text)]
    return spans


def _merged(spans: list[Span]) -> tuple[Span, ...]:
    """Overlapping detections become one span, named by the earliest and longest."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start), _PRIORITY[s.kind])):
        if kept and span.start < kept[-1].end:
            last = kept[-1]
            kept[-1] = Span(last.kind, last.start, max(last.end, span.end))
        else:
            kept.append(span)
    return tuple(kept)


def detect(text: str, *, reporter: ReporterData | None = None) -> tuple[Span, ...]:
    """Every detection in `text`, in order, never overlapping."""
    if not text:
        return ()
    return _merged([*_niks(text), *_emails(text), *_phones(text), *_reporter(text, reporter),
                    *_plates(text)])


def mask(text: str | None, *, reporter: ReporterData | None = None,
         extra: tuple[tuple[int, int], ...] = (),
         released: frozenset[tuple[int, int]] = frozenset()) -> Masked:
    """`text` with every detection replaced by its token (`[NIK]`, `[telepon]`, ...).

    `extra` are (start, end) ranges the verifying officer masked by hand; `released` the
    (start, end) of detections he found to be false positives, which stay as written.
    """
    original = text or ""
    found = [s for s in detect(original, reporter=reporter) if (s.start, s.end) not in released]
    manual = [Span(Kind.MANUAL, a, b) for a, b in extra if 0 <= a < b <= len(original)]
    spans = _merged([*found, *manual]) if manual else tuple(found)
    out, at = [], 0
    for span in spans:
        out += [original[at:span.start], TOKENS[span.kind]]
        at = span.end
    out.append(original[at:])
    return Masked(original, "".join(out), spans)
