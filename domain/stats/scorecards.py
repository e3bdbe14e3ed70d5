"""Scorecards per agency or unit: how many reports, how fast and how well they were answered.

Read from the rollup like every figure (`domain.stats.figures.Slice` says which rows). A
scorecard's median comes from the `ff_days` histogram: the rollup counts cases per whole
number of working days to the first follow-up, so walking the counts gives the exact
median without touching a case. Groups under the slice's `min_group` are folded into one
"other" card, ranked with the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from domain.db import db
from domain.org.models import Agency, Unit
from domain.stats.figures import Slice
from domain.stats.models import CaseRollup as R

GROUPINGS = {"agency": (R.agency_id, Agency), "unit": (R.unit_id, Unit)}


def median(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: how many}; None for no values."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = ((total - 1) // 2, total // 2)  # the middle one or two positions (0-based)
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        while len(found) < 2 and seen > wanted[len(found)]:
            found.append(value)
    return (found[0] + found[1]) / 2


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Scorecard:
    """One agency's or unit's figures over a slice (`key` "" and `folded`: the small ones)."""

    key: str
    label: str
    received: int = 0
    followed_up: int = 0
    on_time: int = 0
    escalated: int = 0
    reopened: int = 0
    rating_n: int = 0
    rating_sum: int = 0
    histogram: dict[int, int] = field(default_factory=dict)
    folded: bool = False

    def add(self, other: Scorecard) -> None:
        for name in ("received", "followed_up", "on_time", "escalated", "reopened",
                     "rating_n", "rating_sum"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for days, n in other.histogram.items():
            self.histogram[days] = self.histogram.get(days, 0) + n

    @property
    def on_time_share(self) -> float | None:
        """First follow-ups that came with no deadline missed, of all first follow-ups."""
        return _share(self.on_time, self.followed_up)

    @property
    def median_days(self) -> float | None:
        """Median working days from filing to the first follow-up."""
        return median(self.histogram)

    @property
    def escalated_share(self) -> float | None:
        return _share(self.escalated, self.received)

    @property
    def reopen_rate(self) -> float | None:
        """Reopened cases, of the cases that got a follow-up."""
        return _share(self.reopened, self.followed_up)

    @property
    def mean_rating(self) -> float | None:
        return self.rating_sum / self.rating_n if self.rating_n else None


def _rows(column: sa.ColumnElement, where: list) -> Iterable[sa.Row]:
    return db.session.execute(
        sa.select(column.label("group"), R.ff_days, sa.func.sum(R.n).label("n"),
                  sa.func.sum(R.ff_on_time).label("on_time"),
                  sa.func.sum(R.escalated).label("escalated"),
                  sa.func.sum(R.reopened).label("reopened"),
                  sa.func.sum(R.rating_n).label("rating_n"),
                  sa.func.sum(R.rating_sum).label("rating_sum"))
        .where(*where).group_by(column, R.ff_days)
    ).all()


def _collect(rows: Iterable[sa.Row]) -> dict[object, Scorecard]:
    cards: dict[object, Scorecard] = {}
    for row in rows:
        if not row.n:
            continue
        card = cards.setdefault(row.group, Scorecard(str(row.group or ""), ""))
        card.add(Scorecard("", "", received=int(row.n),
                           followed_up=int(row.n) if row.ff_days is not None else 0,
                           on_time=int(row.on_time), escalated=int(row.escalated),
                           reopened=int(row.reopened), rating_n=int(row.rating_n),
                           rating_sum=int(row.rating_sum),
                           histogram={row.ff_days: int(row.n)} if row.ff_days is not None
                           else {}))
    return cards


def _rank_key(card: Scorecard) -> tuple:
    share = card.on_time_share
    return (share is None, -(share or 0), card.median_days is None, card.median_days or 0,
            -card.received, card.label)


def scorecards(slice_: Slice, by: str = "agency") -> list[Scorecard]:
    """The ranking: every agency (or unit) of the slice, best on-time share first."""
    column, model = GROUPINGS[by]
    cards = _collect(_rows(column, slice_.where()))
    ids = [k for k in cards if k is not None]
    names = dict(db.session.execute(
        sa.select(model.id, model.name).where(model.id.in_(ids))).all()) if ids else {}
    shown, other = [], Scorecard("", "", folded=True)
    for group, card in cards.items():
        card.label = names.get(group, "") if group is not None else ""
        if card.received >= slice_.min_group:
            shown.append(card)
        else:
            other.add(card)
    shown.sort(key=_rank_key)
    return shown + ([other] if other.received else [])


def overall(slice_: Slice) -> Scorecard:
    """One card for the whole slice (the headline figures)."""
    total = Scorecard("", "")
    for card in _collect(_rows(sa.literal(1), slice_.where())).values():
        total.add(card)
    return total


def month_range(month: str) -> tuple[date, date]:
    """The first and last day of `YYYY-MM` (ValueError when it is not a month)."""
    start = date.fromisoformat(f"{month}-01")
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, date.fromordinal(following.toordinal() - 1)
