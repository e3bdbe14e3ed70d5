"""The case export on PostgreSQL: `COPY (SELECT ...) TO STDOUT` streams CSV from the server.

The row path (`exports.case_rows`) builds one Python tuple and one csv row per case: about
10,000 rows/s, Python-bound. Here PostgreSQL formats every cell itself and the view only
forwards the bytes as they come, so the export runs at the server's speed. The query is the
row path's (`exports.case_query`: the same scope, filters, order and limit), with columns
that format in SQL exactly as the row path formats in Python: days in WIB, enums as their
values, booleans as 0/1, NULL as an empty cell, and a name that starts like a spreadsheet
formula prefixed with ' (tests/web/test_export_copy.py compares the two paths byte for byte).
Parameters are bound by psycopg (COPY takes none of its own); nothing is interpolated.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
from domain.org.models import Agency, Unit, User
from domain.stats.exports import CaseExportFilters, case_query

WIB_ZONE = "Asia/Jakarta"


def available() -> bool:
    """True on PostgreSQL (psycopg 3), where COPY exists; SQLite keeps the row path."""
    return db.engine.dialect.name == "postgresql"


def _day(column: Any) -> sa.ColumnElement[str]:
    return sa.func.to_char(sa.func.timezone(WIB_ZONE, column), "YYYY-MM-DD")


def _text(column: Any) -> sa.ColumnElement[str]:
    """A name as a cell: ' before = + - @ tab or CR, as `web.exports._cell` does."""
    return sa.case((column.op("~")("^[-=+@\t\r]"), sa.literal("'") + column), else_=column)


def _columns() -> list[Any]:
    return [Case.tracking_id, _day(Case.submitted_at), Case.kind, Case.channel, Case.category,
            Case.region_code, _text(Agency.name), _text(Unit.name), Case.status,
            _day(Case.closed_at), sa.case((Case.late, 1), else_=0), Case.escalation_level,
            Case.reopens, Case.first_follow_up_days, Case.rating]


def csv_chunks(user: User, filters: CaseExportFilters,
               limit: int | None = None) -> Iterator[bytes]:
    """The export's data rows as CSV bytes (no header), chunk by chunk as COPY sends them."""
    query = case_query(user, filters, _columns(), limit)
    connection = db.session.connection()
    compiled = query.compile(dialect=connection.dialect,
                             compile_kwargs={"render_postcompile": True})
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(
        f"COPY ({compiled}) TO STDOUT WITH (FORMAT csv)", compiled.params
    ) as copy:
        for chunk in copy:
            yield bytes(chunk)
