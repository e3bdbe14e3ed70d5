"""The working-day calendar, loaded once per process and reloaded only when it changed.

Every step that computes a deadline needs the calendar; reading every declared day per
step was one statement per intake and per completion (issue 14). The calendar now lives in
process memory under the token of `CalendarVersion`, which any write to `NonWorkingDay`
replaces in the same flush (an ORM listener, so a script or test that adds a row the plain
way invalidates too). A transaction reads the token at most once; the hot paths read it as
an extra column of a statement they run anyway (`version_column`), so the check is free.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

import sqlalchemy as sa

from domain.db import db
from domain.sla.calendar import WorkingCalendar
from domain.sla.models import CalendarVersion, NonWorkingDay

_SEEN_KEY = "aduan.calendar_token"
_lock = threading.Lock()
_loaded: dict[str, tuple[str, WorkingCalendar]] = {}  # database url -> (token, calendar)


def version_column() -> sa.Label[Any]:
    """The calendar's token as a column, to add to a statement the caller runs anyway."""
    return (
        sa.select(CalendarVersion.token).where(CalendarVersion.id == 1)
        .scalar_subquery().label("calendar_token")
    )


def note_token(token: str | None) -> None:
    """Remember the token a piggybacked read returned, for the rest of this transaction."""
    if token is not None:
        db.session.info[_SEEN_KEY] = token


def current_calendar() -> WorkingCalendar:
    """The calendar as this transaction sees it, from memory when the token is unchanged."""
    session = db.session()
    token = session.info.get(_SEEN_KEY)
    if token is None:
        token = session.execute(sa.select(version_column())).scalar()
        note_token(token)
    key = _database_key(session)
    with _lock:
        held = _loaded.get(key)
    if token is not None and held is not None and held[0] == token:
        return held[1]
    rows = session.execute(sa.select(NonWorkingDay.day, NonWorkingDay.name)).all()
    calendar = WorkingCalendar({row.day: row.name for row in rows})
    if token is not None and not session.info.get(_DIRTY_KEY):
        with _lock:
            _loaded[key] = (token, calendar)
    return calendar


def _database_key(session: sa.orm.Session) -> str:
    bind = session.get_bind()
    return str(getattr(bind, "engine", bind).url)


_DIRTY_KEY = "aduan.calendar_written"


@sa.event.listens_for(sa.orm.Session, "after_flush")
def _new_token_on_change(session: sa.orm.Session, _context: Any) -> None:
    changed = session.new | session.dirty | session.deleted
    if not any(isinstance(obj, NonWorkingDay) for obj in changed):
        return
    token = uuid.uuid4().hex
    connection = session.connection()
    moved = connection.execute(
        sa.update(CalendarVersion).where(CalendarVersion.id == 1).values(token=token)
    )
    if moved.rowcount == 0:  # the migration's row is gone (a wiped database): put it back
        connection.execute(sa.insert(CalendarVersion).values(id=1, token=token))
    # This transaction's own view: fresh token, and nothing it loads is shared, since the
    # change may still roll back.
    session.info[_SEEN_KEY] = token
    session.info[_DIRTY_KEY] = True


@sa.event.listens_for(sa.orm.Session, "after_transaction_end")
def _forget_token(session: sa.orm.Session, transaction: Any) -> None:
    if transaction.parent is None or transaction.nested:
        session.info.pop(_SEEN_KEY, None)
        session.info.pop(_DIRTY_KEY, None)
