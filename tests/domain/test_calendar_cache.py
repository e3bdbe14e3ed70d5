"""The calendar lives in process memory and is reloaded exactly when a declared day changes.

Issue 14: a step reads the calendar's token (piggybacked on a statement it runs anyway),
not every declared day. These tests prove the cache never serves a calendar the database
no longer has: after a change in the same transaction, after a rollback, and after a row
added the plain ORM way (no service call).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import sqlalchemy as sa

from domain.db import db
from domain.sla.cache import current_calendar
from domain.sla.calendar import WIB
from domain.sla.models import CalendarVersion, NonWorkingDay

DAY = date(2027, 3, 17)  # a Wednesday, no national holiday
MONDAY = datetime(2027, 3, 15, 9, tzinfo=WIB)


@contextmanager
def calendar_reads() -> Iterator[list[str]]:
    seen: list[str] = []

    def statement(_conn, _cursor, sql, *_args):
        if "FROM non_working_day" in sql:
            seen.append(sql)

    engine = db.session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", statement)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", statement)


def _new_transaction() -> None:
    """End the test's current savepoint transaction, as the next request would."""
    db.session.commit()


def test_an_unchanged_calendar_is_not_read_again(db_session):
    current_calendar()
    _new_transaction()
    with calendar_reads() as reads:
        current_calendar()
    assert reads == []


def test_a_day_added_the_plain_way_is_seen_at_once_and_forgotten_on_rollback(db_session):
    assert current_calendar().is_working_day(DAY)
    nested = db.session.begin_nested()
    db.session.add(NonWorkingDay(day=DAY, name="Cuti bersama (uji)"))
    db.session.flush()
    assert not current_calendar().is_working_day(DAY)
    nested.rollback()
    _new_transaction()
    assert current_calendar().is_working_day(DAY)
    assert current_calendar().add_working_days(MONDAY, 2).date() == DAY


def test_a_committed_change_reaches_a_process_that_cached_the_old_calendar(db_session):
    assert current_calendar().is_working_day(DAY)  # cached under the old token
    _new_transaction()
    db.session.add(NonWorkingDay(day=DAY, name="Cuti bersama (uji)"))
    _new_transaction()
    with calendar_reads() as reads:
        assert not current_calendar().is_working_day(DAY)
    assert len(reads) == 1  # the token moved: one reload


def test_without_its_row_the_calendar_is_read_each_time_and_a_change_restores_it(db_session):
    db.session.execute(sa.delete(CalendarVersion))
    _new_transaction()
    with calendar_reads() as reads:
        current_calendar()
        _new_transaction()
        current_calendar()
    assert len(reads) == 2  # nothing cached under no token
    db.session.add(NonWorkingDay(day=DAY, name="Cuti bersama (uji)"))
    db.session.flush()
    assert db.session.execute(sa.select(CalendarVersion.token)).scalar() is not None
