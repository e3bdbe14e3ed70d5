"""Scorecards from the rollup: figures per unit, the ranking, folding, scope and the median."""

from __future__ import annotations

import pytest

from domain.cases.responses import reporter_respond
from domain.enums import Role
from domain.sla.calendar import WIB
from domain.stats.access import slice_for
from domain.stats.figures import Slice, funnel, weekly
from domain.stats.scorecards import median, month_range, overall, scorecards
from tests.domain.lifecycle_support import verify_valid
from tests.factories import complete, create_user, submit


@pytest.mark.parametrize(("histogram", "expected"), [
    ({}, None), ({3: 1}, 3), ({1: 1, 5: 1}, 3), ({0: 2, 4: 1}, 0), ({0: 1, 2: 2, 9: 1}, 2),
])
def test_median_of_a_histogram(histogram, expected):
    assert median(histogram) == expected


def test_month_range_knows_december_and_refuses_a_non_month():
    assert [d.isoformat() for d in month_range("2026-12")] == ["2026-12-01", "2026-12-31"]
    with pytest.raises(ValueError):
        month_range("2026-13")


def _answered(coordinator, liaison, *, unit="medan.health", late=False, rating=None,
              confidential=False):
    receipt = submit(confidential=confidential)
    verify_valid(receipt.case, coordinator, unit=unit)
    receipt.case.late = late
    if unit == "medan.health":
        complete(receipt.case, "follow_up", liaison, decision="answer", answer="Sudah.")
        if rating:
            reporter_respond(receipt.tracking_id, receipt.reporter_key,
                             {"action": "accept", "rating": rating})
    return receipt.case


@pytest.fixture
def cases(world, coordinator, liaison):
    made = [_answered(coordinator, liaison, late=(i == 0), rating=(4, 2)[i] if i < 2 else None)
            for i in range(6)]
    made += [_answered(coordinator, liaison, unit="medan.works") for _ in range(2)]
    made.append(_answered(coordinator, liaison, confidential=True))
    return made


def test_unit_scorecards_rank_fold_and_count(cases):
    cards = scorecards(Slice(public=True, min_group=5), by="unit")
    health, other = cards
    assert health.label == "Dinas Kesehatan Kota Medan" or "Kesehatan" in health.label
    assert (health.received, health.followed_up, health.on_time) == (6, 6, 5)
    assert health.median_days == 0 and health.mean_rating == 3 and health.rating_n == 2
    assert health.escalated_share == 0 and health.reopen_rate == 0
    assert other.folded and other.received == 2 and other.on_time_share is None
    assert overall(Slice(public=True)).received == 8  # the confidential case is not public


def test_officers_see_their_scope_with_confidential_cases(cases, liaison, liaison_works):
    mine = overall(slice_for(liaison))
    assert mine.received == 7  # the six public ones and the confidential one of his unit
    assert overall(slice_for(liaison_works)).received == 2
    auditor = create_user(Role.AUDITOR)
    assert overall(slice_for(auditor)).received == 9
    assert overall(slice_for(None)).received == 8


def test_filters_narrow_the_figures(cases):
    assert overall(Slice(kind="aspiration")).received == 0
    assert overall(Slice(region="12")).received == 8  # 12.71 is in province 12
    assert overall(Slice(region="12.7")).received == 0  # a prefix is not a parent code
    day = cases[0].submitted_at.astimezone(WIB).date()  # the rollup's days are WIB days
    weeks = weekly(Slice(), day, day)
    assert sum(w.received for w in weeks) == 8 and sum(w.closed for w in weeks) == 2
    assert {c.key: c.count for c in funnel(Slice())}["follow_up"] == 2


def test_regions_roll_up_one_level_below_the_filter(cases):
    from domain.stats.figures import public_stats, rolled_up_to

    assert rolled_up_to("12.71.05", None) == "12" and rolled_up_to("12.71.05", "12") == "12.71"
    assert [(c.key, c.count) for c in public_stats(Slice(min_group=1)).by_region] == [("12", 8)]
    assert [c.key for c in public_stats(Slice(min_group=1, region="12")).by_region] == ["12.71"]
