"""An intake and a task completion cost a fixed, small number of statements (issue 14).

Counted on the real database of the run (PostgreSQL and SQLite), so a change that adds a
query per step, a flush between lookups or a re-read of a row fails here instead of showing
up months later in a benchmark. The budgets are what the code does today; lower them when
a step gets cheaper, never raise them without saying why in the commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from domain.db import db
from tests.factories import ready_task, submit

# Intake: the process version (with the calendar's token), the agency's root unit for the
# verify task, the tracking-id check; a region-routed case adds the covering agency.
# Completion: the task, the officer and his memberships (a request's login reads those
# too), the form's unit reference, the instance state (with the calendar's token), the
# case's pending timers and open tasks.
# Issue 11 adds one read to every intake: the exact-repeat lookup (one indexed query on
# intake_fingerprint). Its duplicate candidates are scored by a worker after the commit
# (jobs/duplicates.py), so their search is not on the intake's path (issue 14, point 4).
REPEAT_LOOKUP = 1
INTAKE_SELECTS, ROUTED_INTAKE_SELECTS, INTAKE_ROWS, COMPLETION_SELECTS = (
    3 + REPEAT_LOOKUP, 4 + REPEAT_LOOKUP, 10 + 3, 7)
# INSERT/UPDATE statements. PostgreSQL gets a flush's rows of one table in one statement
# (SQLAlchemy's insertmanyvalues); SQLite here runs them one by one, hence two budgets.
# Each budget includes ONE upsert of the statistics rollup (issue 13, `domain/stats/rollup.py`):
# the rows every figure is read from move in the same transaction as the state change, and
# one INSERT ... ON CONFLICT DO UPDATE moves a case's count from its old row to its new one
# (the intake's id-only first flush costs none). That was +1 on each budget (9 -> 10, 11 -> 12):
# the price of statistics that never scan the case table.
# A disposing completion also writes its `disposed` outbox row (issue 15.7: the unit's and
# the copy units' liaisons are told): PostgreSQL sends it with the status row, SQLite +1.
ROLLUP_UPSERT = 1
DISPOSED_NOTICE = {"postgresql": 0, "sqlite": 1}
# The fingerprints of the exact-repeat rule (one per contact: one statement on PostgreSQL,
# two rows on SQLite) and the `duplicates` outbox row that has a worker score the candidates
# (PostgreSQL sends it with the receipt's row; SQLite +1): +1 / +3 (issue 11).
# Rows: two fingerprints and the outbox row (+3).
INTAKE_WRITES = {"postgresql": 9 + ROLLUP_UPSERT + 1, "sqlite": 11 + ROLLUP_UPSERT + 3}
COMPLETION_WRITES = {name: base + ROLLUP_UPSERT + DISPOSED_NOTICE[name]
                     for name, base in (("postgresql", 9), ("sqlite", 11))}


class Statements:
    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()
        self.written: set[int] = set()  # distinct rows: the case inserted then updated is one

    @property
    def rows(self) -> int:
        return len(self.written)

    @property
    def writes(self) -> int:
        return self.kinds["INSERT"] + self.kinds["UPDATE"] + self.kinds["DELETE"]


@contextmanager
def counted() -> Iterator[Statements]:
    seen = Statements()
    engine = db.session.get_bind()

    def statement(_conn, _cursor, sql, _params, _context, _many):
        kind = sql.lstrip().split(None, 1)[0].upper()
        if kind in ("SELECT", "INSERT", "UPDATE", "DELETE"):
            seen.kinds[kind] += 1

    def rows(session, _context, _instances):
        seen.written.update(id(o) for o in session.new)
        seen.written.update(id(o) for o in session.dirty if session.is_modified(o))

    sa.event.listen(engine, "before_cursor_execute", statement)
    sa.event.listen(db.session(), "before_flush", rows)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", statement)
        sa.event.remove(db.session(), "before_flush", rows)


@pytest.fixture
def warm(world):
    """One case first: the process caches (definition, parsed spec) are per process."""
    submit()
    return world


def test_an_intake_reads_three_times_and_writes_ten_rows(warm):
    with counted() as seen:
        receipt = submit()
        db.session.flush()
    assert receipt.case.status.value == "verification"
    assert seen.kinds["SELECT"] <= INTAKE_SELECTS, seen.kinds
    assert seen.writes <= INTAKE_WRITES[db.engine.dialect.name], seen.kinds
    assert seen.rows <= INTAKE_ROWS
    assert seen.kinds["SELECT"] >= 1 and seen.writes >= 1  # the counter does count


def test_an_intake_routed_by_its_region_reads_once_more(warm):
    # No routing rule for Jakarta: the agency covering 31.71's areas is one query, in place
    # of the routed unit's lookup.
    with counted() as seen:
        receipt = submit(region="31.71.01", category="other")
        db.session.flush()
    assert receipt.case.agency.code == "pemprov-dki"
    assert seen.kinds["SELECT"] <= ROUTED_INTAKE_SELECTS, seen.kinds
    assert seen.writes <= INTAKE_WRITES[db.engine.dialect.name], seen.kinds


def test_a_completion_reads_at_most_seven_times(warm):
    from domain.cases.tasks import complete_task

    case = submit().case
    task = ready_task(case, "verify")
    verifier = warm["users"]["verifier"]
    db.session.flush()
    db.session.expire_all()  # the officer's request starts from nothing in memory
    # ...nor the audit heads this transaction cached: the chain head comes from the case row
    # its lock re-reads (`case.audit_seq`, `audit_hash`), not from a SELECT on case_event.
    db.session.info.pop("aduan.audit_heads", None)
    with counted() as seen:
        complete_task(task.id, {"decision": "valid", "summary": "Ringkasan",
                                "unit_code": "medan.health"},
                      actor=verifier, expected_version=case.version)
        db.session.flush()
    assert ready_task(case, "follow_up") is not None
    assert seen.kinds["SELECT"] <= COMPLETION_SELECTS, seen.kinds
    assert seen.writes <= COMPLETION_WRITES[db.engine.dialect.name], seen.kinds
