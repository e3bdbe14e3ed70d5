"""The statistics rollup, kept in the same transaction as every change to a case.

Why a hook on the flush and not a call in each operation: every write to a case (workflow
steps, raised flags, anything added later, such as a merge) reaches the database through
the session's flush, so one `before_flush` listener sees them all and no operation can
forget it. Each case row carries, in `case.rollup`, the rollup row it is counted in and
what it adds there; the lock that every state change takes re-reads that column, so the
listener subtracts exactly what the case added before and adds what it adds now, in one
upsert statement per flush (PostgreSQL and SQLite both have INSERT ... ON CONFLICT DO
UPDATE). No read, and no drift between the row and the case it counts.

`rebuild()` (`flask stats rebuild`) recomputes everything from the case table: after a
bulk load, or to repair a row some write outside the ORM left behind.

A case is counted from the flush that starts its workflow: the intake's first flush (which
only inserts the case to get its id) leaves it in `submitted`, a status no case rests in, so
counting it there would cost every intake a second upsert for a row it leaves at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from domain.cases.models import Case
from domain.db import db
from domain.enums import CaseStatus
from domain.sla.calendar import WIB
from domain.stats.models import CaseRollup

DIMENSIONS = ("day", "agency_id", "unit_id", "category", "region_code", "kind", "channel",
              "confidential", "status", "closed_day", "ff_days")
COUNTERS = ("n", "late", "escalated", "reopened", "rating_n", "rating_sum", "ff_on_time")
# Columns a contribution reads, for the rebuild's one streaming SELECT.
_SOURCE = ("submitted_at", "agency_id", "unit_id", "category", "region_code", "kind",
           "channel", "confidential", "status", "closed_at", "first_follow_up_days",
           "first_follow_up_late", "late", "escalation_level", "reopens", "rating")
# Column defaults, for a case not yet inserted (the INSERT applies them, the flush has not).
_DEFAULTS = {"channel": "web", "confidential": True, "status": "submitted", "late": False,
             "escalation_level": 0, "reopens": 0}


@dataclass(frozen=True)
class Contribution:
    """What one case adds to the rollup: its row's dimensions and its counters."""

    dims: tuple[Any, ...]
    counts: tuple[int, ...]

    @property
    def key(self) -> str:
        return "|".join(_text(v) for v in self.dims)

    @property
    def text(self) -> str:
        """The form kept in `case.rollup`: the key, then the counters."""
        return self.key + "#" + ",".join(str(c) for c in self.counts)

    @classmethod
    def parse(cls, text: str) -> Contribution:
        key, counts = text.rsplit("#", 1)
        parts = key.split("|")
        dims = tuple(_PARSE[name](part) for name, part in zip(DIMENSIONS, parts, strict=True))
        return cls(dims, tuple(int(c) for c in counts.split(",")))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    # A code with the separators in it must not shift the other dimensions.
    return str(value).replace("|", "/").replace("#", "/")


def _optional(convert: Any) -> Any:
    return lambda part: convert(part) if part else None


_PARSE = {
    "day": date.fromisoformat, "agency_id": _optional(int), "unit_id": _optional(int),
    "category": str, "region_code": str, "kind": str, "channel": str,
    "confidential": lambda part: part == "1", "status": str,
    "closed_day": _optional(date.fromisoformat), "ff_days": _optional(int),
}


def contribution_of(values: Mapping[str, Any]) -> Contribution:
    """The contribution of a case given its columns (`_SOURCE`, by name)."""
    get = {k: (values[k] if values[k] is not None else _DEFAULTS.get(k)) for k in _SOURCE}
    closed = get["closed_at"]
    ff_days, rating = get["first_follow_up_days"], get["rating"]
    dims = (
        get["submitted_at"].astimezone(WIB).date(), get["agency_id"], get["unit_id"],
        get["category"], get["region_code"], str(get["kind"]), str(get["channel"]),
        bool(get["confidential"]), str(get["status"]),
        closed.astimezone(WIB).date() if closed is not None else None, ff_days,
    )
    counts = (
        1, int(bool(get["late"])), int(get["escalation_level"] > 0), int(get["reopens"] > 0),
        int(rating is not None), rating or 0,
        int(ff_days is not None and not get["first_follow_up_late"]),
    )
    return Contribution(dims, counts)


def _ref_id(case: Case, name: str) -> int | None:
    """The id the flush will write for `agency`/`unit`: a relationship set in this
    transaction wins over the foreign key column it has not synchronised yet."""
    state = sa.inspect(case)
    if name in case.__dict__ and state.attrs[name].history.has_changes():
        ref = case.__dict__[name]
        return ref.id if ref is not None else None
    return getattr(case, f"{name}_id")


def contribution(case: Case) -> Contribution | None:
    """What `case`, as this session holds it, adds to the rollup (None: not counted yet)."""
    if (case.status or _DEFAULTS["status"]) == CaseStatus.SUBMITTED:
        return None
    values = {name: getattr(case, name) for name in _SOURCE if not name.endswith("_id")}
    values["agency_id"], values["unit_id"] = _ref_id(case, "agency"), _ref_id(case, "unit")
    return contribution_of(values)


def _deltas(changes: Iterable[tuple[str | None, str | None]]) -> list[dict[str, Any]]:
    """Rows to upsert: minus what each case added before, plus what it adds now."""
    rows: dict[str, tuple[tuple[Any, ...], list[int]]] = {}
    for old, new in changes:
        for text, sign in ((old, -1), (new, 1)):
            if text is None:
                continue
            part = Contribution.parse(text)
            _, counts = rows.setdefault(part.key, (part.dims, [0] * len(COUNTERS)))
            for i, value in enumerate(part.counts):
                counts[i] += sign * value
    return [
        {"key": key, **dict(zip(DIMENSIONS, dims, strict=True)),
         **dict(zip(COUNTERS, counts, strict=True))}
        for key, (dims, counts) in rows.items() if any(counts)
    ]


def upsert(connection: sa.Connection, rows: list[dict[str, Any]]) -> None:
    """Add these counters to their rows (creating them): one statement for all rows."""
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    table = CaseRollup.__table__
    statement = insert(table).values(rows)
    connection.execute(statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={name: table.c[name] + statement.excluded[name] for name in COUNTERS},
    ))


@sa.event.listens_for(Session, "before_flush")
def _maintain(session: Session, _context: Any, _instances: Any) -> None:
    """Every case this flush inserts or changes moves its count to its new rollup row."""
    changes = []
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Case):
            counted = contribution(obj)
            now = counted.text if counted is not None else None
            if now != obj.rollup:
                changes.append((obj.rollup, now))
                obj.rollup = now
    rows = _deltas(changes)
    if rows:
        upsert(session.connection(), rows)


def _source_rows(batch: int) -> Iterator[sa.Row]:
    columns = [Case.__table__.c[name] for name in ("id", "rollup", *_SOURCE)]
    query = sa.select(*columns).execution_options(yield_per=batch)
    yield from db.session.execute(query)


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild found: cases counted, rollup rows written, cases whose mark moved."""

    cases: int
    rows: int
    corrected: int


def recount(
    batch: int = 5000,
) -> tuple[dict[str, list[int]], dict[str, tuple], dict[int, str | None]]:
    """Counters per key from the case table, the keys' dimensions, and each case's text."""
    totals: dict[str, list[int]] = {}
    dims: dict[str, tuple] = {}
    texts: dict[int, str | None] = {}
    for row in _source_rows(batch):
        if row.status == CaseStatus.SUBMITTED:
            if row.rollup is not None:
                texts[row.id] = None
            continue
        part = contribution_of(row._mapping)
        counts = totals.setdefault(part.key, [0] * len(COUNTERS))
        dims.setdefault(part.key, part.dims)
        for i, value in enumerate(part.counts):
            counts[i] += value
        if part.text != row.rollup:
            texts[row.id] = part.text
    return totals, dims, texts


def rebuild(batch: int = 5000) -> Rebuilt:
    """Recompute the whole rollup from the cases, in the caller's transaction.

    On PostgreSQL it first locks the case table against writes (reads go on), so no state
    change lands between the recount and the rows written from it.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text('LOCK TABLE "case" IN SHARE ROW EXCLUSIVE MODE'))
    db.session.execute(sa.delete(CaseRollup))
    totals, dims, texts = recount(batch)
    rows = [{"key": key, **dict(zip(DIMENSIONS, dims[key], strict=True)),
             **dict(zip(COUNTERS, counts, strict=True))} for key, counts in totals.items()]
    table = CaseRollup.__table__
    for start in range(0, len(rows), batch):
        db.session.execute(table.insert(), rows[start:start + batch])
    marks = [{"case_id": case_id, "mark": text} for case_id, text in texts.items()]
    case = Case.__table__
    update = case.update().where(case.c.id == sa.bindparam("case_id")).values(
        rollup=sa.bindparam("mark"))
    for start in range(0, len(marks), batch):
        db.session.execute(update, marks[start:start + batch])
    db.session.expire_all()  # the marks changed under the ORM's feet
    return Rebuilt(cases=sum(c[0] for c in totals.values()), rows=len(rows),
                   corrected=len(marks))
