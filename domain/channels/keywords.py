"""The SMS keyword language in Bahasa Indonesia, as tables, and its parser.

What people text to a short code (LAPOR! 1708's formats):
  LAPOR <teks>                           a report, category guessed from its words
  LAPOR#<kategori>#<lokasi>#<teks>       also with `.` or `:` between, any case, extra spaces
  <KATA AGENSI> <teks>                   an agency's own keyword (`MEDAN ...`: Kota Medan)
  #<ID> <teks>  or  <ID> <teks>          a response on case ID (only from the number that filed)
  CEK <ID>                               the case's status, from any number
  STOP / BERHENTI, MULAI / START         no more messages / messages again
  BANTUAN / INFO                         the formats
Anything else is answered with the formats and makes no case. The parser is pure: it knows
no database; the agency keywords are handed in (they are data, set per agency).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from domain.cases.tracking import normalize_tracking_id

# First word -> what it asks for. A row here is the whole of adding a synonym.
COMMANDS: dict[str, str] = {
    "LAPOR": "report", "LAPORAN": "report", "ADUAN": "report", "ADU": "report",
    "CEK": "check", "CECK": "check", "STATUS": "check",
    "STOP": "stop", "BERHENTI": "stop", "UNREG": "stop",
    "MULAI": "start", "START": "start", "DAFTAR": "start",
    "BANTUAN": "help", "INFO": "help", "HELP": "help", "TOLONG": "help",
}
SEPARATORS = "#.:"

# Category words and the abbreviations SMS writers use for them -> category codes.
CATEGORY_WORDS: dict[str, str] = {
    **dict.fromkeys(("jalan", "jln", "jl", "jalanan", "jembatan", "jemb", "aspal", "lubang",
                     "pju", "lampu", "trotoar", "pu", "pupr", "infrastruktur"), "roads"),
    **dict.fromkeys(("kesehatan", "kes", "rs", "rsud", "rumah sakit", "puskesmas", "pkm",
                     "bpjs", "obat", "dokter", "faskes", "dinkes"), "health"),
    **dict.fromkeys(("pendidikan", "pend", "pddk", "sekolah", "sklh", "sd", "smp", "sma",
                     "smk", "guru", "kip", "ppdb", "disdik"), "education"),
    **dict.fromkeys(("kependudukan", "ktp", "ektp", "e-ktp", "kk", "akta", "akte", "capil",
                     "dukcapil", "disdukcapil", "adminduk"), "civil_registration"),
    **dict.fromkeys(("lingkungan", "lingk", "sampah", "smph", "banjir", "limbah", "polusi",
                     "selokan", "got", "drainase", "dlh"), "environment"),
    **dict.fromkeys(("pungli", "korupsi", "suap", "gratifikasi", "kkn"), "whistleblowing"),
    **dict.fromkeys(("lain", "lainnya", "lain-lain", "dll", "umum"), "other"),
}
FALLBACK_CATEGORY = "other"

_HEAD = re.compile(r"^(#?)\s*([A-Za-z0-9][A-Za-z0-9-]*)(.*)$", re.S)
_WORD = re.compile(r"[a-z][a-z-]*")
_FIRST_WORD = re.compile(r"([A-Za-z0-9]+)(.*)$", re.S)


@dataclass(frozen=True)
class Report:
    text: str
    category: str | None = None  # the category word as written, if the format named one
    location: str | None = None
    agency_keyword: str | None = None


@dataclass(frozen=True)
class Respond:
    tracking_id: str
    text: str
    explicit: bool  # written `#ID`: an unknown ID is answered as such, not with the help


@dataclass(frozen=True)
class Check:
    tracking_id: str | None  # None: the ID was missing or malformed


@dataclass(frozen=True)
class Stop:
    pass


@dataclass(frozen=True)
class Start:
    pass


@dataclass(frozen=True)
class Help:
    asked: bool  # BANTUAN/INFO (True) or nothing we understood (False)


Command = Report | Respond | Check | Stop | Start | Help


def parse(text: str, agency_keywords: Collection[str] = ()) -> Command:
    """What the message asks for; never raises (the worst case is `Help(asked=False)`)."""
    match = _HEAD.match(text.strip())
    if match is None:
        return Help(asked=False)
    hashed, word, rest = match.group(1), match.group(2).upper(), match.group(3)
    action = COMMANDS.get(word) if not hashed else None
    keywords = {k.upper() for k in agency_keywords}
    if action == "report":
        return _report(rest, keywords)
    if action == "check":
        return Check(normalize_tracking_id(rest.strip().lstrip("#")))
    if action in ("stop", "start", "help"):
        return {"stop": Stop(), "start": Start(), "help": Help(asked=True)}[action]
    if not hashed and word in keywords:
        return _report(rest, keywords, agency=word)
    tracking_id = normalize_tracking_id(word)
    if tracking_id is not None:
        return Respond(tracking_id, rest.strip(" \t\n#.:"), explicit=bool(hashed))
    return Help(asked=False)


def _report(rest: str, keywords: set[str], agency: str | None = None) -> Command:
    """The body after LAPOR (or an agency keyword): the field format or free text."""
    body = rest.strip()
    first = _FIRST_WORD.match(body)
    if agency is None and first and first.group(1).upper() in keywords:  # `LAPOR MEDAN ...`
        agency, body = first.group(1).upper(), first.group(2).strip()
    if body[:1] in SEPARATORS and body:
        parts = [part.strip() for part in body[1:].split(body[0], 2)]
        if len(parts) == 3 and parts[2]:
            return Report(parts[2], parts[0] or None, parts[1] or None, agency)
        if len(parts) == 2 and parts[1]:
            return Report(parts[1], parts[0] or None, None, agency)
        body = " ".join(parts).strip()
    if not body:
        return Help(asked=False)
    return Report(body, None, None, agency)


def category_code(word: str | None, text: str, known: Collection[str]) -> str:
    """The category code for what the reporter wrote: his category word if we know it
    (an abbreviation too), else the first category word in his text, else `other`.

    A code the table maps to but the installation does not offer falls back as well, so
    the table can never put a case in a category that does not exist.
    """
    candidates = [word.strip().lower()] if word else []
    candidates += _WORD.findall(text.lower())
    for candidate in candidates:
        code = CATEGORY_WORDS.get(candidate) or (candidate if candidate in known else None)
        if code in known:
            return code
    return FALLBACK_CATEGORY if FALLBACK_CATEGORY in known else next(iter(known))


def title_of(text: str, limit: int = 100) -> str:
    """A case title from the message: its first line, cut at a word within `limit`."""
    line = " ".join(text.split("\n", 1)[0].split())
    if len(line) <= limit:
        return line
    cut = line[:limit - 3]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,.;:") + "..."


def known_keywords(table: Mapping[str, object]) -> set[str]:
    """The agency keywords of a `keyword -> agency` table, upper case."""
    return {k.upper() for k in table}
