"""The same problem reported twice: suggestions for the verifier, merging, exact repeats.

Candidates of a case are open cases of its category (and of its agency, once it has one)
filed in the last 30 days, either within 250 m (when the case has coordinates) or in the
same district (when it has none). They are ranked by rapidfuzz's token-set similarity of
the normalised text (lower case, punctuation gone, SMS abbreviations written out) and
suggested from a score of 70, with the score. Nothing is merged automatically: the verifier
merges, which archives the duplicate through its own lifecycle (decision `archive`, reason
naming the primary) and points it at the primary; its reporter then hears of the primary's
status changes too (`jobs/outbox.py`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from rapidfuzz import fuzz

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.cases.models import Case, HumanTask
from domain.cases.tasks import complete_task
from domain.clock import clock
from domain.db import db
from domain.enums import CaseStatus, TaskState
from domain.errors import Conflict, InvalidData
from domain.org.models import User

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


def merge(duplicate: Case, primary: Case, *, actor: User) -> Case:
    """Archive `duplicate` as a duplicate of `primary` (the verifier's decision)."""
    if duplicate.id == primary.id or primary.status.is_final or primary.duplicate_of_id:
        raise InvalidData("merge_primary_invalid", details={"primary": ["invalid"]})
    task = db.session.execute(sa.select(HumanTask).where(
        HumanTask.case_id == duplicate.id, HumanTask.spec == "verify",
        HumanTask.state == TaskState.READY)).scalar()
    if task is None:
        raise Conflict("merge_needs_verification")
    reason = f"Duplikat dari laporan {primary.tracking_id}."
    complete_task(task.id, {"decision": "archive", "reason": reason}, actor=actor,
                  expected_version=duplicate.version)
    duplicate.duplicate_of_id = primary.id
    now = clock.now()
    audit.record("case_merged", actor=actor_of(actor), case_id=duplicate.id, now=now,
                 payload={"reason": "duplicate", "primary": primary.tracking_id})
    audit.record("duplicate_merged", actor=actor_of(actor), case_id=primary.id, now=now,
                 payload={"duplicate": duplicate.tracking_id})
    db.session.flush()
    return duplicate


def merged_into(primary_id: int) -> list[int]:
    """Ids of the cases merged into this one (their reporters follow it)."""
    return list(db.session.execute(
        sa.select(Case.id).where(Case.duplicate_of_id == primary_id)).scalars())
