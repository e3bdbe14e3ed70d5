"""The verifying officer corrects the identity shield: mask more, or release a false positive.

He reads the original with every detection highlighted; what the detectors missed (a
nickname, a house number) he masks by hand, and what they took wrongly (a 16-digit order
number shaped like a NIK) he releases. Both are kept as offsets into the original text of
one field (`ShieldOverride`), so the value itself is stored nowhere new, and each is audited
with the field and the range only (`detection_masked`, `detection_released`). Every reader
outside the verifying role then reads the corrected mask (`shielded.case_text`).
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.cases.models import Case, Reporter, ShieldOverride
from domain.clock import clock
from domain.db import db
from domain.enums import IDENTITY_ROLES
from domain.errors import Forbidden, InvalidData
from domain.org.models import User
from domain.privacy.shield import detect

FIELDS = ("title", "original_title", "description", "location")
MASKED, RELEASED = "detection_masked", "detection_released"
MAX_OCCURRENCES = 50


def _check(case: Case, actor: User, field: str) -> str:
    if not actor.roles() & IDENTITY_ROLES:
        raise Forbidden("shield_verifying_role_only")
    if field not in FIELDS:
        raise InvalidData("shield_field_unknown", details={"field": "choice"})
    return getattr(case, field) or ""


def _add(case: Case, actor: User, field: str, start: int, end: int, action: str) -> bool:
    exists = db.session.execute(sa.select(ShieldOverride.id).where(
        ShieldOverride.case_id == case.id, ShieldOverride.field == field,
        ShieldOverride.start == start, ShieldOverride.end == end,
        ShieldOverride.action == action)).first()
    if exists:
        return False
    db.session.add(ShieldOverride(case_id=case.id, field=field, start=start, end=end,
                                  action=action, created_by=actor.id, created_at=clock.now()))
    return True


def mask_more(case: Case, *, actor: User, field: str, value: str) -> int:
    """Mask every occurrence of `value` in one field by hand; how many ranges were added.

    `value` is what the officer selected; only its positions are kept and audited.
    """
    text = _check(case, actor, field)
    needle = (value or "").strip()
    if len(needle) < 2:
        raise InvalidData("shield_value_too_short", details={"value": "length"})
    starts, at = [], text.find(needle)
    while at >= 0 and len(starts) < MAX_OCCURRENCES:
        starts.append(at)
        at = text.find(needle, at + len(needle))
    if not starts:
        raise InvalidData("shield_value_not_in_text", details={"value": "not_found"})
    added = [s for s in starts if _add(case, actor, field, s, s + len(needle), "mask")]
    if added:
        audit.record(MASKED, actor=actor_of(actor), case_id=case.id, payload={
            "field": field, "ranges": [[s, s + len(needle)] for s in added]})
    db.session.flush()
    return len(added)


def release(case: Case, *, actor: User, field: str, start: int, end: int) -> bool:
    """Release one detection of the shield as a false positive; False if it already was."""
    text = _check(case, actor, field)
    span = next((s for s in detect(text, reporter=db.session.get(Reporter, case.id))
                 if (s.start, s.end) == (start, end)), None)
    if span is None:
        raise InvalidData("shield_detection_unknown", details={"start": "not_found"})
    if not _add(case, actor, field, start, end, "release"):
        return False
    audit.record(RELEASED, actor=actor_of(actor), case_id=case.id, payload={
        "field": field, "range": [start, end], "kind": span.kind.value})
    db.session.flush()
    return True


Overrides = dict[str, tuple[tuple[tuple[int, int], ...], frozenset[tuple[int, int]]]]


def overrides_of(case_ids: list[int]) -> dict[int, Overrides]:
    """Per case and field: the hand-masked ranges and the released detections (one query)."""
    if not case_ids:
        return {}
    rows = db.session.execute(sa.select(ShieldOverride).where(
        ShieldOverride.case_id.in_(case_ids))).scalars()
    masks: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    releases: dict[tuple[int, str], set[tuple[int, int]]] = defaultdict(set)
    for row in rows:
        if row.action == "mask":
            masks[(row.case_id, row.field)].append((row.start, row.end))
        else:
            releases[(row.case_id, row.field)].add((row.start, row.end))
    found: dict[int, Overrides] = defaultdict(dict)
    for case_id, field in {*masks, *releases}:
        found[case_id][field] = (tuple(masks.get((case_id, field), ())),
                                 frozenset(releases.get((case_id, field), ())))
    return found


def forget(case: Case) -> None:
    """Drop a case's overrides (the retention job, once the texts are rewritten masked)."""
    db.session.execute(sa.delete(ShieldOverride).where(ShieldOverride.case_id == case.id))
