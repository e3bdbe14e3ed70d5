"""The statistics rollup equals a recount of the case table after every kind of state change
(filing, verification, hold, forward, archive, merge, follow-up, reopen, deadlines, flags).

The recount here is written independently of `domain/stats/rollup.py` (it groups the case
rows itself), so a change the flush listener misses, or counts twice, fails the comparison.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import sqlalchemy as sa

from domain.cases.flags import raise_flags
from domain.cases.merging import merge
from domain.cases.models import Case
from domain.cases.responses import reporter_respond
from domain.db import db
from domain.enums import CaseStatus
from domain.sla.calendar import WIB
from domain.stats.models import CaseRollup
from domain.stats.rollup import rebuild
from tests.domain.lifecycle_support import verify_valid
from tests.factories import complete, submit, sweep

DIMS = ("day", "agency_id", "unit_id", "category", "region_code", "status")
SUMS = ("n", "late", "escalated", "reopened", "rating_n", "rating_sum")


def recount() -> dict[tuple, list[int]]:
    """Cases grouped by the rollup's main dimensions, counted from their own columns."""
    groups: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(SUMS))
    db.session.flush()
    for case in db.session.execute(sa.select(Case)).scalars():
        if case.status == CaseStatus.SUBMITTED:
            continue
        key = (case.submitted_at.astimezone(WIB).date(), case.agency_id, case.unit_id,
               case.category, case.region_code, case.status.value)
        counts = groups[key]
        for i, value in enumerate((1, case.late, case.escalation_level > 0, case.reopens > 0,
                                   case.rating is not None, case.rating or 0)):
            counts[i] += int(value)
    return dict(groups)


def rolled_up() -> dict[tuple, list[int]]:
    rows = db.session.execute(
        sa.select(*(getattr(CaseRollup, d) for d in DIMS),
                  *(sa.func.sum(getattr(CaseRollup, s)) for s in SUMS))
        .group_by(*(getattr(CaseRollup, d) for d in DIMS))
    ).all()
    return {tuple(row[:len(DIMS)]): [int(v) for v in row[len(DIMS):]]
            for row in rows if any(row[len(DIMS):])}


def check() -> None:
    expected = recount()
    assert expected, "nothing was counted"
    assert rolled_up() == expected


def follow_ups() -> dict[int | None, int]:
    rows = db.session.execute(
        sa.select(CaseRollup.ff_days, sa.func.sum(CaseRollup.n)).group_by(CaseRollup.ff_days)
    ).all()
    return {days: int(n) for days, n in rows if n}


def test_every_step_of_a_reopened_case_keeps_the_rollup_exact(world, coordinator, liaison):
    receipt = submit()
    check()
    case = receipt.case
    verify_valid(case, coordinator)  # disposed: agency, unit and status change
    check()
    complete(case, "follow_up", liaison, decision="answer", answer="Sudah.")
    check()
    assert follow_ups() == {0: 1}  # answered on the day it was filed
    reporter_respond(case.tracking_id, receipt.reporter_key,
                     {"action": "reopen", "comment": "Obat masih kosong."})
    assert case.reopens == 1
    check()
    complete(case, "follow_up", liaison, decision="answer", answer="Kini ada.")
    reporter_respond(case.tracking_id, receipt.reporter_key,
                     {"action": "accept", "rating": 2, "comment": "Lambat."})
    assert case.status == CaseStatus.CLOSED and case.rating == 2
    check()
    assert follow_ups() == {0: 1}  # the first follow-up counts, not the second


def test_forward_hold_archive_and_flags_keep_the_rollup_exact(world, coordinator,
                                                               coordinator_dki):
    forwarded = submit().case
    complete(forwarded, "verify", coordinator, decision="not_authority",
             target_agency="pemprov-dki", reason="Lokasi di Jakarta Pusat.")
    assert forwarded.agency.code == "pemprov-dki"
    check()
    held = submit(category="roads").case
    complete(held, "verify", coordinator, decision="hold", question="Di mana lokasinya?")
    assert held.status == CaseStatus.HOLD
    check()
    complete(forwarded, "verify", coordinator_dki, decision="archive", reason="Duplikat.")
    assert forwarded.status == CaseStatus.ARCHIVED
    check()
    raise_flags(held, confidential=True, actor=coordinator)
    check()
    public = db.session.execute(sa.select(sa.func.sum(CaseRollup.n)).where(
        CaseRollup.confidential.is_(False))).scalar_one()
    assert public == 1  # only the forwarded case is still public


def test_a_merge_into_a_primary_keeps_the_rollup_exact(world, coordinator):
    primary = submit(title="Lampu jalan mati di Jalan Sisingamangaraja").case
    duplicate = submit(title="Lampu jalan mati di Jl. Sisingamangaraja").case
    db.session.flush()
    check()
    merge(duplicate, primary, actor=coordinator)
    assert duplicate.status == CaseStatus.ARCHIVED and duplicate.duplicate_of_id == primary.id
    check()
    verify_valid(primary, coordinator)
    check()
    statuses = dict(db.session.execute(sa.select(CaseRollup.status, sa.func.sum(CaseRollup.n))
                                       .group_by(CaseRollup.status)).all())
    assert {k: v for k, v in statuses.items() if v} == {"archived": 1, "follow_up": 1}


def test_missed_deadlines_and_escalations_keep_the_rollup_exact(world, clock, coordinator):
    case = submit().case
    verify_valid(case, coordinator)
    clock.advance(timedelta(days=10))
    assert sweep(clock.now()) == 1  # the liaison's deadline fired: late, escalated
    db.session.refresh(case)
    assert case.late and case.escalation_level == 1
    check()
    assert rolled_up()[next(iter(rolled_up()))][1:3] == [1, 1]


def test_rebuild_writes_the_same_rows_and_repairs_a_drifted_one(world, coordinator):
    for category in ("health", "health", "education"):
        verify_valid(submit(category=category).case, coordinator)
    db.session.flush()
    before = rolled_up()
    # A write behind the ORM's back: the rollup no longer matches the cases.
    db.session.execute(sa.update(CaseRollup).values(n=CaseRollup.n + 7))
    assert rolled_up() != before
    report = rebuild()
    assert report.cases == 3 and report.corrected == 0
    assert rolled_up() == before == recount()
