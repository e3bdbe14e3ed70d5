"""Officer search over a case's title, description, the units' answers and the notes.

Ranked, inside the reader's scope (`queries.case_visibility`), with the list's filters.
PostgreSQL: the `simple` text search configuration (no stemming: Indonesian words and
names stay as typed), each word matched as a prefix, ranked by `ts_rank` over the case's
stored `search_doc` (title and description, kept by PostgreSQL itself); trigram indexes
serve partial words in titles and tracking ids. A word found in more than RANK_ALL readable
cases is ranked among its newest matches (`_window_floor`), so a common word costs what a
few thousand matches cost, at any size. SQLite: FTS5 tables (kept by triggers, see
the migration) ranked by bm25. The expressions below repeat the indexed ones exactly, so
PostgreSQL can use the GIN indexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.listing import SEARCH_MAX, contains, in_region
from domain.cases.models import Case, CaseNote
from domain.cases.tracking import normalize_tracking_id
from domain.db import db

MAX_WORDS = 8
MAX_OFFSET = 500  # ranked pages go this deep; narrow the filters for more
RANK_ALL = 1000  # matches ranked in full; a commoner word is ranked among its newest matches
WINDOW = 20_000  # the first window of case ids tried (then x4): a rare word widens it
SIMPLE = sa.literal_column("'simple'::regconfig")
# Weights: a title or description hit outranks an answer, which outranks a note.
WEIGHTS = {"case": 1.0, "answer": 0.6, "note": 0.4, "title": 0.3, "tracking": 2.0}


def words(text: str) -> list[str]:
    """The searchable words of `text` (letters and digits), at most MAX_WORDS."""
    return re.findall(r"\w+", text[:SEARCH_MAX].lower())[:MAX_WORDS]


def _tsquery(found: list[str]) -> sa.ColumnElement:
    return sa.func.to_tsquery(SIMPLE, " & ".join(f"{w}:*" for w in found))


def _pg_sources(found: list[str], floor: int, where: list) -> list[sa.Select]:
    query = _tsquery(found)
    # The stored tsvector (a generated column, migration f2b7c4e9a1d3): ranking reads it
    # instead of parsing each matching description again, ten times faster on common words.
    case_doc = sa.literal_column('"case".search_doc')
    note_doc = sa.func.to_tsvector(SIMPLE, CaseNote.body)
    # Spelled as the index is (a bound parameter for 'data' would not match its expression).
    answer_doc = sa.literal_column("to_tsvector('simple'::regconfig, coalesce((case_event."
                                   "payload -> 'data') ->> 'answer', ''))")
    return [
        sa.select(Case.id.label("case_id"),
                  (sa.func.ts_rank(case_doc, query) * WEIGHTS["case"]).label("rank"))
        .where(case_doc.op("@@")(query), Case.id > floor, *where),
        sa.select(CaseEvent.case_id, sa.func.ts_rank(answer_doc, query) * WEIGHTS["answer"])
        .where(CaseEvent.kind == "task_completed", answer_doc.op("@@")(query),
               CaseEvent.case_id > floor),
        sa.select(CaseNote.case_id, sa.func.ts_rank(note_doc, query) * WEIGHTS["note"])
        .where(note_doc.op("@@")(query), CaseNote.case_id > floor),
    ]


def _fts(table: str, case_id: str) -> tuple[sa.TableClause, sa.ColumnElement]:
    return sa.table(table, sa.column("rowid"), sa.column("case_id")), sa.literal_column(case_id)


def _sqlite_sources(found: list[str]) -> list[sa.Select]:
    match = " ".join(f'"{w}"*' for w in found)
    sources = []
    for table, case_id, weight in (("case_fts", "case_fts.rowid", "case"),
                                   ("answer_fts", "answer_fts.case_id", "answer"),
                                   ("note_fts", "note_fts.case_id", "note")):
        fts, column = _fts(table, case_id)
        bm25 = sa.literal_column(f"bm25({table})")
        sources.append(
            sa.select(column.label("case_id"), (-bm25 * WEIGHTS[weight]).label("rank"))
            .select_from(fts).where(sa.literal_column(table).op("MATCH")(match))
        )
    return sources


def _matches_above(query: sa.ColumnElement, where: list, floor: int) -> int:
    """How many readable cases above `floor` match, counted up to RANK_ALL + 1."""
    hits = (sa.select(Case.id).where(sa.literal_column('"case".search_doc').op("@@")(query),
                                     Case.id > floor, *where).limit(RANK_ALL + 1))
    return db.session.execute(sa.select(sa.func.count()).select_from(hits.subquery())).scalar()


def _window_floor(query: sa.ColumnElement, where: list) -> int:
    """The lowest case id of the newest window of ids that holds more than RANK_ALL of the
    readable matches, or 0 (every match ranked) when no window short of all cases does.
    Ranking a word found in a seventh of a million cases read every match (3 s); each
    window is a count of the text index ANDed with an id range, stopping at RANK_ALL + 1,
    so a common word stops at the first window and a rare one widens a few times."""
    top = db.session.execute(sa.select(sa.func.max(Case.id))).scalar() or 0
    width = WINDOW
    while width < top:
        if _matches_above(query, where, top - width) > RANK_ALL:
            return top - width
        width *= 4
    return 0


def _sources(text: str, where: list[sa.ColumnElement[bool]]) -> list[sa.Select]:
    found, floor = words(text), 0
    sources: list[sa.Select] = []
    if found and db.session.get_bind().dialect.name == "postgresql":
        floor = _window_floor(_tsquery(found), where)
        sources += _pg_sources(found, floor, where)
    elif found:
        sources += _sqlite_sources(found)
    sources.append(sa.select(Case.id.label("case_id"), sa.literal(WEIGHTS["title"]).label("rank"))
                   .where(contains(Case.title, text), Case.id > floor, *where))
    partial = text.strip().replace("-", "").upper()
    if 4 <= len(partial) < 8 and partial.isascii() and partial.isalnum():
        sources.append(sa.select(Case.id.label("case_id"),
                                 sa.literal(WEIGHTS["title"]).label("rank"))
                       .where(contains(Case.tracking_id, partial), Case.id > floor, *where))
    tracking_id = normalize_tracking_id(text.strip()[:SEARCH_MAX])
    if tracking_id:
        sources.append(sa.select(Case.id, sa.literal(WEIGHTS["tracking"]))
                       .where(Case.tracking_id == tracking_id))
    return sources


@dataclass(frozen=True)
class Hits:
    items: list[Case]
    next_offset: int | None


def search_cases(visible: sa.ColumnElement[bool], text: str, *, status: str | None = None,
                 category: str | None = None, region: str | None = None,
                 unit_id: int | None = None, offset: int = 0, limit: int = 25) -> Hits:
    """Cases matching `text` anywhere, best first, among `visible` and the filters."""
    offset = max(0, min(offset, MAX_OFFSET))
    where = [visible, *(column == value for column, value in (
        (Case.status, status), (Case.category, category), (Case.unit_id, unit_id))
        if value is not None)]
    if region:
        where.append(in_region(region))
    hits = sa.union_all(*_sources(text, where)).subquery("hits")
    ranked = (sa.select(hits.c.case_id, sa.func.sum(hits.c.rank).label("score"))
              .group_by(hits.c.case_id).subquery("ranked"))
    # The sources on the case table already carry `where` (the planner ANDs it with the
    # text index); the join applies it to answers and notes.
    # The page's ids first, then its cases: a Case row brings its agency and unit (joined
    # loads), which for a common word would be joined to every match before the sort.
    query = sa.select(Case.id).join(ranked, ranked.c.case_id == Case.id).where(*where)
    ids = list(db.session.execute(
        query.order_by(ranked.c.score.desc(), Case.id.desc()).offset(offset).limit(limit + 1)
    ).scalars())
    more = len(ids) > limit and offset + limit <= MAX_OFFSET
    found = {case.id: case for case in db.session.execute(
        sa.select(Case).where(Case.id.in_(ids[:limit]))).scalars()} if ids else {}
    return Hits([found[i] for i in ids[:limit]], offset + limit if more else None)
