"""What the reporter does on their case: answer a hold, accept, reopen or rate the follow-up.

All of these are the reporter-lane task of the lifecycle; the reporter proves ownership with
the secret key from their receipt. Each function flushes; the caller commits.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.cases import tracking
from domain.cases.models import Case, CaseNote, HumanTask
from domain.cases.queries import find_case
from domain.cases.task_forms import validated
from domain.cases.workflow import lock_case, run_complete
from domain.clock import clock
from domain.db import db
from domain.enums import Lane, TaskState
from domain.errors import Conflict, Forbidden


def reporter_task(case: Case) -> HumanTask | None:
    """The task waiting for the reporter now, if any."""
    return db.session.execute(
        sa.select(HumanTask).where(
            HumanTask.case_id == case.id,
            HumanTask.lane == Lane.REPORTER,
            HumanTask.state == TaskState.READY,
        )
    ).scalar_one_or_none()


def reporter_respond(
    tracking_id: str, reporter_key: str | None, data: Any, locale: str = "id"
) -> Case:
    """The reporter answers a hold, or accepts / reopens / rates the follow-up."""
    case = find_case(tracking_id)
    if not tracking.reporter_key_matches(reporter_key, case.reporter_key_hash):
        raise Forbidden("reporter_key_mismatch")
    task = reporter_task(case)
    if task is None:
        raise Conflict("not_waiting_for_reporter")
    clean_data = validated(case, task, data, locale)
    lock_case(case, None)
    run_complete(case, task, clean_data, clock.now(), "reporter", None)
    text = clean_data.get("additional_info") or clean_data.get("comment")
    if text:
        db.session.add(
            CaseNote(
                case_id=case.id,
                from_reporter=True,
                internal=False,
                body=text,
                created_at=clock.now(),
            )
        )
        db.session.flush()
    return case
