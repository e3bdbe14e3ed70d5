"""`flask stats rebuild` recounts the rollup from the cases and says what it did."""

from __future__ import annotations

import sqlalchemy as sa

from domain.db import db
from domain.stats.models import CaseRollup
from tests.factories import submit


def test_rebuild_counts_every_started_case(app, world):
    for _ in range(3):
        submit()
    db.session.flush()
    db.session.execute(sa.delete(CaseRollup))  # as after a bulk load that skipped the ORM
    result = app.test_cli_runner().invoke(args=["stats", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "counted 3 case(s) into 1 rollup row(s)" in result.output
    assert db.session.execute(sa.select(sa.func.sum(CaseRollup.n))).scalar_one() == 3
