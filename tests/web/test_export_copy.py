"""The PostgreSQL export path (COPY) writes exactly the file the row path writes.

The same cases, scope, filters and limit through both `domain.stats.exports.case_rows`
(Python formats each cell) and `domain.stats.export_copy.csv_chunks` (PostgreSQL does):
the bytes must match, including days that fall on the next date in WIB, booleans, empty
cells, quoting, and names that start like a spreadsheet formula.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from domain.clock import clock
from domain.db import db
from domain.enums import Role
from domain.org.models import Agency, Unit
from domain.stats import export_copy
from domain.stats.exports import CaseExportFilters, case_rows
from tests.domain.lifecycle_support import verify_valid
from tests.factories import case_in, complete, create_user, submit
from web.exports import _cell, _writer

pytestmark = pytest.mark.postgres_only


def _row_path(user, filters, limit=None) -> str:
    buffer = io.StringIO()
    writer = _writer(buffer)
    for row in case_rows(user, filters, limit):
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def _copy_path(user, filters, limit=None) -> str:
    return b"".join(export_copy.csv_chunks(user, filters, limit)).decode("utf-8")


def _cases(coordinator, liaison):
    medan = db.session.execute(sa.select(Agency).where(Agency.name.like("%Medan%"))).scalars()
    next(medan).name = "=HYPERLINK(\"http://x\") Pemkot"
    db.session.execute(sa.update(Unit).where(Unit.code == "medan.health")
                       .values(name='Dinas "Kesehatan", Kota\nMedan'))
    # 17:30 UTC is 00:30 WIB the next day: the day column must read the Indonesian date
    now = clock.now()
    clock.advance((now + timedelta(days=1)).replace(hour=17, minute=30, second=0,
                                                    microsecond=0) - now)
    verify_valid(submit().case, coordinator)
    answered = verify_valid(submit().case, coordinator)
    complete(answered, "follow_up", liaison, decision="answer", answer="Sudah.")
    case_in("closed")
    case_in("archived")
    submit()
    db.session.flush()


def test_copy_writes_the_row_paths_file_byte_for_byte(world, coordinator, liaison):
    _cases(coordinator, liaison)
    auditor = create_user(Role.AUDITOR)
    everything = _row_path(auditor, CaseExportFilters())
    assert everything.count("\n") >= 5 + 1  # five cases, one name with a line break
    assert "'=HYPERLINK" in everything and '"Dinas ""Kesehatan"", Kota\nMedan"' in everything
    wib_day = (clock.now() + timedelta(hours=7)).date().isoformat()
    assert wib_day != clock.now().date().isoformat() and f",{wib_day}," in everything
    assert _copy_path(auditor, CaseExportFilters()) == everything
    today = clock.now().date()
    for filters, limit in ((CaseExportFilters(status="follow_up"), None),
                           (CaseExportFilters(category="health", start=today), 2),
                           (CaseExportFilters(start=date(2000, 1, 1), end=date(2000, 1, 2)),
                            None)):
        assert _copy_path(auditor, filters, limit) == _row_path(auditor, filters, limit)
    for officer in (coordinator, liaison, create_user(Role.COORDINATOR, "dki.secretariat")):
        assert _copy_path(officer, CaseExportFilters()) == _row_path(officer,
                                                                     CaseExportFilters())


def test_the_desk_export_streams_from_copy_on_postgresql(client, world, coordinator, liaison):
    from tests.web.helpers import login

    _cases(coordinator, liaison)
    login(client, coordinator)
    response = client.get("/desk/exports/cases.csv")
    assert response.status_code == 200 and response.is_streamed
    body = response.get_data(as_text=True)
    assert body.startswith("\ufefftracking_id,submitted_on,")
    assert body.split("\n", 1)[1] == _row_path(coordinator, CaseExportFilters())
    assert export_copy.available()
