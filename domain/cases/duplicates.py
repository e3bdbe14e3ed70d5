"""The same problem reported twice: suggestions for the verifier, merging, exact repeats.

Candidates of a case are open cases of its category (and of its agency, once it has one)
filed in the last 30 days, either within 250 m (when the case has coordinates) or in the
same district (when it has none). They are ranked by rapidfuzz's token-set similarity of
the normalised text (lower case, punctuation gone, SMS abbreviations written out) and
suggested from a score of 70, with the score. They are found twice: when the case is filed
(any channel; `record_candidates` stores them, so the inbox flags the case and its page
lists them without scoring again) and on the verifier's case page (scored afresh, since a
later report may match). Nothing is merged automatically: the verifier merges
(`domain/cases/merging.py`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from rapidfuzz import fuzz

from domain.audit import operations as audit
from domain.cases.duplicate_models import DuplicateCandidate
from domain.cases.models import Case
from domain.clock import clock
from domain.db import db
from domain.enums import CaseStatus

RADIUS_M = 250.0
WINDOW = timedelta(days=30)
THRESHOLD = 70.0
MAX_CANDIDATES = 200  # rows scored per case; the newest first
SHOWN = 10
EARTH_M = 6_371_000.0
# How SMS and chat spell common words (LAPOR! messages are full of them).
ABBREVIATIONS = {
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "tdk": "tidak", "gak": "tidak",
    "ga": "tidak", "gk": "tidak", "tak": "tidak", "sdh": "sudah", "udh": "sudah",
    "blm": "belum", "krn": "karena", "karna": "karena", "utk": "untuk", "u": "untuk",
    "dr": "dari", "pd": "pada", "tp": "tapi", "tpi": "tapi", "sy": "saya", "bs": "bisa",
    "skrg": "sekarang", "lg": "lagi", "dlm": "dalam", "kmrn": "kemarin", "jln": "jalan",
    "jl": "jalan", "jg": "juga", "aja": "saja", "sj": "saja", "bgt": "sekali",
    "org": "orang", "hr": "hari", "mgg": "minggu", "bln": "bulan", "thn": "tahun",
    "sblm": "sebelum", "stlh": "setelah", "kpd": "kepada", "dpn": "depan", "blkg": "belakang",
    "rmh": "rumah", "sklh": "sekolah", "pkm": "puskesmas", "rs": "rumah sakit",
}
_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, abbreviations written out."""
    words = _WORD.sub(" ", text.casefold()).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_M * math.asin(math.sqrt(a))


def district_of(code: str) -> str:
    """The district part of a region code (`12.71.01`); a coarser code stands for itself."""
    return ".".join(code.split(".")[:3])


@dataclass(frozen=True)
class Suggestion:
    case: Case
    score: float
    distance_m: float | None


def _text(case: Case) -> str:
    return normalise(f"{case.title} {case.description}")


def _nearby(case: Case) -> sa.ColumnElement[bool]:
    """Within a box around the case (the exact radius is checked after), or its district."""
    if case.latitude is not None and case.longitude is not None:
        dlat = math.degrees(RADIUS_M / EARTH_M)
        dlon = dlat / max(math.cos(math.radians(case.latitude)), 0.01)
        return sa.and_(Case.latitude.between(case.latitude - dlat, case.latitude + dlat),
                       Case.longitude.between(case.longitude - dlon, case.longitude + dlon))
    district = district_of(case.region_code)
    return sa.or_(Case.region_code == district, Case.region_code.startswith(f"{district}."))


def suggestions(case: Case, now: datetime | None = None) -> list[Suggestion]:
    """Open cases that may be the same problem as `case`, best first (score ≥ 70)."""
    now = now or clock.now()
    query = sa.select(Case).where(
        Case.id != case.id, Case.category == case.category, Case.duplicate_of_id.is_(None),
        Case.status.not_in([CaseStatus.CLOSED, CaseStatus.ARCHIVED]),
        Case.submitted_at >= now - WINDOW, _nearby(case))
    if case.agency_id is not None:
        query = query.where(Case.agency_id == case.agency_id)
    rows = db.session.execute(
        query.order_by(Case.submitted_at.desc()).limit(MAX_CANDIDATES)).scalars()
    mine, found = _text(case), []
    for other in rows:
        distance = None
        if case.latitude is not None and case.longitude is not None:
            distance = distance_m(case.latitude, case.longitude, other.latitude, other.longitude)
            if distance > RADIUS_M:
                continue
        score = fuzz.token_set_ratio(mine, _text(other))
        if score >= THRESHOLD:
            found.append(Suggestion(other, round(score, 1), distance))
    found.sort(key=lambda s: (-s.score, s.distance_m or 0.0))
    return found[:SHOWN]


def merged_into(primary_id: int) -> list[int]:
    """Ids of the cases merged into this one (their reporters follow it)."""
    return list(db.session.execute(
        sa.select(Case.id).where(Case.duplicate_of_id == primary_id)).scalars())


def _open(query: sa.Select) -> sa.Select:
    """Only candidates still worth merging into: open, not merged themselves."""
    return query.where(Case.duplicate_of_id.is_(None),
                       Case.status.not_in([CaseStatus.CLOSED, CaseStatus.ARCHIVED]))


def record_candidates(case: Case, now: datetime | None = None) -> list[Suggestion]:
    """Score a newly filed case against the open cases filed before it and keep what was
    found (audited with ids and scores); run by `jobs.duplicates` after the filing."""
    now = now or clock.now()
    found = [s for s in suggestions(case, now) if s.case.id < case.id]  # filed before it
    for s in found:
        db.session.add(DuplicateCandidate(case_id=case.id, candidate_id=s.case.id,
                                          score=s.score, distance_m=s.distance_m, found_at=now))
    if found:
        audit.record("duplicates_suggested", actor="system:duplicates", case_id=case.id, now=now,
                     payload={"candidates": [{"case": s.case.tracking_id, "score": s.score}
                                             for s in found]})
    return found


def has_candidates(case: Case) -> bool:
    """Whether the case's filing-time candidates are stored already (a job run again)."""
    return db.session.execute(sa.select(DuplicateCandidate.id).where(
        DuplicateCandidate.case_id == case.id).limit(1)).first() is not None


def stored_candidates(case: Case) -> list[Suggestion]:
    """The candidates found when the case was filed that are still open, best first."""
    rows = db.session.execute(_open(
        sa.select(DuplicateCandidate, Case).join(Case, Case.id == DuplicateCandidate.candidate_id)
        .where(DuplicateCandidate.case_id == case.id))
        .order_by(DuplicateCandidate.score.desc())).all()
    return [Suggestion(other, row.score, row.distance_m) for row, other in rows]


def shown_suggestions(case: Case) -> list[Suggestion]:
    """What the verifier's page lists: today's scoring, then filing-time finds not in it."""
    live = suggestions(case)
    seen = {s.case.id for s in live}
    return live + [s for s in stored_candidates(case) if s.case.id not in seen]


def flagged(case_ids: list[int]) -> set[int]:
    """Which of these cases had candidates at filing that are still open (inbox badge)."""
    if not case_ids:
        return set()
    return set(db.session.execute(_open(
        sa.select(DuplicateCandidate.case_id).distinct()
        .join(Case, Case.id == DuplicateCandidate.candidate_id)
        .where(DuplicateCandidate.case_id.in_(case_ids)))).scalars())
