"""The figures of the statistics pages, read from the rollup (never from the case table).

Only aggregates leave this module, never a case. Each figure is a SUM over `case_rollup`
rows chosen by a `Slice` (who asks and which filters), so its cost follows the number of
rollup rows in range, not the number of cases. Groups smaller than the slice's
`min_group` (ADUAN_STATS_MIN_GROUP) are folded into one "other" row, so a rare region or
agency cannot single out a reporter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from domain.db import db
from domain.enums import CaseStatus
from domain.org.models import Agency, Region, Unit
from domain.stats.models import CaseRollup as R

DEFAULT_MIN_GROUP = 5


@dataclass(frozen=True)
class Slice:
    """Which cases a figure counts: the reader's reach and the filters he chose.

    `public`: confidential cases are left out (the portal). `unit_ids`: the officer's scope
    (None: every unit, e.g. the auditor and the public) and the agencies whose pool of cases
    not yet disposed to a unit he reads (a coordinator's). The filters narrow further; a region
    code matches itself and every area under it (`12` is the province, `12.71` a city in it).
    """

    public: bool = True
    unit_ids: frozenset[int] | None = None
    pool_agency_ids: frozenset[int] = frozenset()  # agencies whose undisposed cases he reads
    start: date | None = None
    end: date | None = None  # inclusive
    agency_id: int | None = None
    unit_id: int | None = None
    category: str | None = None
    kind: str | None = None
    channel: str | None = None
    region: str | None = None
    min_group: int = DEFAULT_MIN_GROUP

    def where(self, dates: bool = True) -> list[sa.ColumnElement[bool]]:
        """The rollup rows of this slice, as SQL conditions (`dates`: filed in its range)."""
        conditions: list[sa.ColumnElement[bool]] = []
        if self.public:
            conditions.append(R.confidential.is_(False))
        if self.unit_ids is not None:
            conditions.append(sa.or_(
                R.unit_id.in_(sorted(self.unit_ids)),
                sa.and_(R.unit_id.is_(None), R.agency_id.in_(sorted(self.pool_agency_ids))),
            ))
        if dates and self.start is not None:
            conditions.append(R.day >= self.start)
        if dates and self.end is not None:
            conditions.append(R.day <= self.end)
        for column, value in ((R.agency_id, self.agency_id), (R.unit_id, self.unit_id),
                              (R.category, self.category), (R.kind, self.kind),
                              (R.channel, self.channel)):
            if value is not None:
                conditions.append(column == value)
        if self.region:
            conditions.append(sa.or_(R.region_code == self.region,
                                     R.region_code.startswith(self.region + ".")))
        return conditions


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int
    folded: bool = False  # the "other" row: groups too small to show one by one


@dataclass(frozen=True)
class PublicStats:
    total: int
    by_status: list[Count]
    by_category: list[Count]
    by_region: list[Count]
    by_agency: list[Count]
    closed: int
    closed_on_time: int
    min_group: int = field(default=DEFAULT_MIN_GROUP)

    @property
    def on_time_share(self) -> float | None:
        """Closed cases that missed no deadline, as a share of all closed ones (None: none)."""
        return self.closed_on_time / self.closed if self.closed else None


def fold(counts: list[Count], min_group: int) -> list[Count]:
    """Groups under `min_group` become one "other" row at the end (if any were folded)."""
    shown = [c for c in counts if c.count >= min_group]
    small = sum(c.count for c in counts if c.count < min_group)
    return shown + ([Count("", "", small, folded=True)] if small else [])


def _grouped(column: sa.ColumnElement, where: list) -> list[tuple[object, int]]:
    rows = db.session.execute(
        sa.select(column, sa.func.sum(R.n)).where(*where).group_by(column)
    ).all()
    return sorted(((key, int(n)) for key, n in rows if n),
                  key=lambda row: (-row[1], str(row[0] or "")))


def _labelled(rows: list[tuple[object, int]], key: sa.ColumnElement,
              name: sa.ColumnElement) -> list[Count]:
    """Each group's name, in one query for the groups shown."""
    keys = [k for k, _ in rows if k is not None]
    names = dict(db.session.execute(sa.select(key, name).where(key.in_(keys))).all()) \
        if keys else {}
    return [Count(str(k) if k is not None else "", str(names.get(k, k or "")), n)
            for k, n in rows]


def rolled_up_to(code: str, parent: str | None) -> str:
    """`code` at the level below `parent` (None: the province): 12.71.05 -> 12 or 12.71."""
    depth = 1 if not parent else parent.count(".") + 2
    return ".".join(code.split(".")[:depth])


def by_region(where: list, parent: str | None = None) -> list[Count]:
    """Cases per area one level below `parent` (provinces by default): a table people read,
    not one row per district; the region filter drills down."""
    totals: dict[str, int] = {}
    for code, n in _grouped(R.region_code, where):
        key = rolled_up_to(str(code or ""), parent)
        totals[key] = totals.get(key, 0) + n
    rows = sorted(totals.items(), key=lambda row: (-row[1], row[0]))
    return _labelled(rows, Region.code, Region.name)


def by_agency(where: list) -> list[Count]:
    return _labelled(_grouped(R.agency_id, where), Agency.id, Agency.name)


def by_unit(where: list) -> list[Count]:
    return _labelled(_grouped(R.unit_id, where), Unit.id, Unit.name)


def public_stats(slice_: Slice | None = None) -> PublicStats:
    """Every figure of the public statistics page (by default: all public cases)."""
    slice_ = slice_ or Slice()
    where = slice_.where()
    by_status = [Count(str(k), str(k), n) for k, n in _grouped(R.status, where)]
    by_category = [Count(str(k), str(k), n) for k, n in _grouped(R.category, where)]
    closed, late = db.session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(R.n), 0), sa.func.coalesce(sa.func.sum(R.late), 0))
        .where(*where, R.status == CaseStatus.CLOSED.value)
    ).one()
    total = sum(c.count for c in by_status)
    return PublicStats(
        total, by_status, fold(by_category, slice_.min_group),
        fold(by_region(where, slice_.region), slice_.min_group),
        fold(by_agency(where), slice_.min_group),
        int(closed), int(closed) - int(late), slice_.min_group,
    )


# Where cases wait, in the order a case moves (the funnel chart).
FUNNEL = (CaseStatus.VERIFICATION, CaseStatus.HOLD, CaseStatus.FOLLOW_UP, CaseStatus.RESPONDED,
          CaseStatus.CLOSED, CaseStatus.ARCHIVED)


def funnel(slice_: Slice) -> list[Count]:
    """Cases per status in lifecycle order (statuses with none included, as zero)."""
    counts = dict(_grouped(R.status, slice_.where()))
    return [Count(s.value, s.value, counts.get(s.value, 0)) for s in FUNNEL]


@dataclass(frozen=True)
class Week:
    start: date  # its Monday
    received: int
    closed: int


def weekly(slice_: Slice, start: date, end: date) -> list[Week]:
    """Reports received (filed) and closed per week from `start`'s week to `end`'s."""
    first = start - timedelta(days=start.weekday())
    received: dict[date, int] = {}
    closed: dict[date, int] = {}
    for column, into, where in (
        (R.day, received, [*slice_.where(dates=False), R.day >= first, R.day <= end]),
        (R.closed_day, closed, [*slice_.where(dates=False), R.closed_day >= first,
                                R.closed_day <= end]),
    ):
        for day, n in db.session.execute(
            sa.select(column, sa.func.sum(R.n)).where(*where).group_by(column)
        ).all():
            monday = day - timedelta(days=day.weekday())
            into[monday] = into.get(monday, 0) + int(n or 0)
    weeks = []
    monday = first
    while monday <= end:
        weeks.append(Week(monday, received.get(monday, 0), closed.get(monday, 0)))
        monday += timedelta(days=7)
    return weeks
