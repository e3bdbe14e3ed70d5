"""Kemendagri regions: loading the official codes, and which agency covers a region.

Codes are dotted and hierarchical (`32` province, `32.73` city, `32.73.01` district,
`32.73.01.1001` village), so a code's ancestors are its dotted prefixes: the agency covering
a case's region is found with one query over those prefixes, without walking `parent_code`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from domain.db import db
from domain.org.models import Agency, AgencyArea, Region

# The dataset's files in load order (parents first), the column naming each row's parent.
LEVELS = (
    (1, "provinces.csv", None),
    (2, "regencies.csv", "province_code"),
    (3, "districts.csv", "regency_code"),
    (4, "villages.csv", "district_code"),
)
BATCH = 2000


def ancestors(code: str) -> list[str]:
    """The code and every area above it, most specific first (`32.73.01`, `32.73`, `32`)."""
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


def agency_for_region(code: str | None) -> Agency | None:
    """The agency covering the most specific of the code's areas, or None (national pool).

    An agency covers its seat region and its further areas (`AgencyArea`) alike. Several
    agencies on one area (a city government and a state company there): the local
    government first, then the oldest; one query whatever the depth. A deactivated agency
    covers nothing: its region's cases go to the next agency up, or the national pool.
    """
    if not code:
        return None
    order = {area: depth for depth, area in enumerate(ancestors(code))}
    areas = list(order)
    covered = sa.union_all(
        sa.select(Agency.id.label("agency_id"), Agency.region_code.label("area"))
        .where(Agency.region_code.in_(areas)),
        sa.select(AgencyArea.agency_id, AgencyArea.region_code)
        .where(AgencyArea.region_code.in_(areas)),
    ).subquery()
    candidates = db.session.execute(
        sa.select(Agency, covered.c.area)
        .join(covered, covered.c.agency_id == Agency.id)
        .where(Agency.active.is_(True))
    ).all()
    if not candidates:
        return None
    best = min(candidates, key=lambda row: (order[row.area], row.Agency.kind != "local_government",
                                            row.Agency.id))
    return best.Agency


@dataclass
class LoadReport:
    """What a load did per level: rows read, inserted, renamed or moved (updated)."""

    read: dict[int, int]
    inserted: dict[int, int]
    updated: dict[int, int]

    @property
    def changed(self) -> bool:
        return any(self.inserted.values()) or any(self.updated.values())


def dataset_rows(source: Path, level: int) -> Iterator[tuple[str, str, str | None]]:
    """(code, name, parent code) of one level's CSV file in the dataset directory."""
    _, filename, parent_column = LEVELS[level - 1]
    with (source / filename).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield (row["code"].strip(), row["name"].strip(),
                   row[parent_column].strip() if parent_column else None)


def _existing(level: int) -> dict[str, tuple[str, str | None]]:
    return {code: (name, parent) for code, name, parent in db.session.execute(
        sa.select(Region.code, Region.name, Region.parent_code).where(Region.level == level))}


def load_regions(
    source: Path, *, max_level: int = 3, progress: Callable[[int, int, int], None] | None = None,
) -> LoadReport:
    """Upsert the dataset's regions down to `max_level` (3 districts, 4 villages).

    Bulk statements in batches (Core inserts and updates, no ORM object per row); rows
    already equal are left alone, so a second run writes nothing. Flushes, never commits.
    `progress(level, done, total)` is called after each batch.
    """
    report = LoadReport({}, {}, {})
    db.session.flush()
    for level in range(1, max_level + 1):
        rows = list(dataset_rows(source, level))
        known = _existing(level)
        new = [{"code": c, "name": n, "level": level, "parent_code": p}
               for c, n, p in rows if c not in known]
        changed = [{"old_code": c, "name": n, "parent_code": p}
                   for c, n, p in rows if c in known and known[c] != (n, p)]
        for start in range(0, len(new), BATCH):
            db.session.execute(sa.insert(Region), new[start:start + BATCH])
            if progress:
                progress(level, min(start + BATCH, len(new)), len(new))
        if changed:
            table = Region.__table__
            db.session.execute(
                table.update().where(table.c.code == sa.bindparam("old_code"))
                .values(name=sa.bindparam("name"), parent_code=sa.bindparam("parent_code")),
                changed,
            )
        report.read[level], report.inserted[level] = len(rows), len(new)
        report.updated[level] = len(changed)
    db.session.expire_all()  # Region objects held by the session may be stale now
    return report


def region_exists(code: str) -> bool:
    return db.session.get(Region, code) is not None


def region_counts() -> dict[int, int]:
    """Regions per level (1 provinces, 2 regencies and cities, 3 districts, 4 villages)."""
    return dict(db.session.execute(
        sa.select(Region.level, sa.func.count()).group_by(Region.level)).all())


@dataclass(frozen=True)
class Province:
    """A province and its regencies/cities, for a grouped choice list."""

    code: str
    name: str
    regencies: list[tuple[str, str]]


def provinces_with_regencies() -> list[Province]:
    """Levels 1 and 2 (38 + 514 rows) grouped by province, in code order; one query."""
    groups: dict[str, Province] = {}
    rows = db.session.execute(sa.select(Region.code, Region.name, Region.level, Region.parent_code)
                              .where(Region.level <= 2).order_by(Region.level, Region.code))
    for code, name, level, parent in rows:
        if level == 1:
            groups[code] = Province(code, name, [])
        elif parent in groups:
            groups[parent].regencies.append((code, name))
    return list(groups.values())


def districts_of(code: str | None) -> list[tuple[str, str]]:
    """The districts (level 3) of a regency/city; none for another level or no code."""
    if not code or code.count(".") != 1:
        return []
    return [tuple(row) for row in db.session.execute(
        sa.select(Region.code, Region.name).where(Region.parent_code == code, Region.level == 3)
        .order_by(Region.code))]


def chosen_region(area: str, district: str) -> tuple[str | None, str | None]:
    """The region a cascade of (province or regency, optional district) names, or the field
    that is wrong: (`code`, None) or (None, `"region"` / `"district"`)."""
    region = db.session.get(Region, area) if area else None
    if region is None or region.level > 2:
        return None, "region"
    if not district:
        return region.code, None
    chosen = db.session.get(Region, district)
    if chosen is None or chosen.parent_code != region.code:
        return None, "district"
    return chosen.code, None
