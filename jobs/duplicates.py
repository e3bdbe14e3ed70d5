"""Duplicate candidates of a newly filed case, scored by a worker after the filing commits.

Why not in the intake: the candidate search reads the case table and rapidfuzz scores each
hit, which the reporter need not wait for (issue 14: intake answers when its one
transaction commits). The intake writes a `duplicates` outbox row in its transaction, so
the scoring happens once, even when Redis was down (the sweeper re-enqueues overdue rows);
the outbox's claim makes a second run of the job a no-op. Scored as of the filing moment,
against cases filed before it, exactly as the intake used to.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from domain.cases import duplicates
from domain.cases.models import Case
from domain.db import db
from domain.outbox.models import OutboxMessage


def score_filed_case(message: OutboxMessage) -> None:
    """The outbox handler: lock the case row (the audit chain appends under it), score."""
    case = db.session.execute(
        sa.select(Case).where(Case.id == message.case_id).with_for_update(of=Case)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if case is None or case.status.is_final or duplicates.has_candidates(case):
        return
    duplicates.record_candidates(case, datetime.fromisoformat(message.payload["filed_at"]))
