"""The verifier merges a duplicate into its primary, and may undo that the same day.

A merge completes the duplicate's own `verify` task with decision `archive` (so it ends
through its lifecycle like any archived report) and points it at the primary; its reporter
then follows the primary (`jobs/outbox.py::expand_status`). Just before, the duplicate's
instance state, status, deadline, verify task and pending timers are kept in a `case_merge`
row, so an undo on the same calendar day in WIB puts every one of them back: the case waits
in verification again with its old deadline, and its reporter follows his own case again.
After that day the merge stands (the reporter has been told and the day's figures closed).
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.cases.duplicate_models import CaseMerge
from domain.cases.models import Case, HumanTask, Timer, WorkflowState
from domain.cases.tasks import complete_task
from domain.cases.workflow import lock_case
from domain.clock import clock
from domain.db import db
from domain.enums import CaseStatus, TaskState, TimerStatus
from domain.errors import Conflict, InvalidData
from domain.org.models import User
from domain.outbox import operations as outbox
from domain.sla.calendar import WIB


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _snapshot(case: Case, task: HumanTask) -> dict[str, Any]:
    state = db.session.get(WorkflowState, case.id)
    timers = db.session.execute(sa.select(Timer.id).where(
        Timer.case_id == case.id, Timer.status == TimerStatus.PENDING)).scalars()
    return {"state": copy.deepcopy(state.state), "facts": copy.deepcopy(state.facts or {}),
            "status": case.status.value, "due_at": _when(case.due_at),
            "due_rule": case.due_rule, "due_working_days": case.due_working_days,
            "task": task.id, "timers": sorted(timers)}


def merge(duplicate: Case, primary: Case, *, actor: User) -> Case:
    """Archive `duplicate` as a duplicate of `primary` (the verifier's decision)."""
    if duplicate.id == primary.id or primary.status.is_final or primary.duplicate_of_id:
        raise InvalidData("merge_primary_invalid", details={"primary": ["invalid"]})
    task = db.session.execute(sa.select(HumanTask).where(
        HumanTask.case_id == duplicate.id, HumanTask.spec == "verify",
        HumanTask.state == TaskState.READY)).scalar()
    if task is None:
        raise Conflict("merge_needs_verification")
    snapshot = _snapshot(duplicate, task)
    reason = f"Duplikat dari laporan {primary.tracking_id}."
    complete_task(task.id, {"decision": "archive", "reason": reason}, actor=actor,
                  expected_version=duplicate.version)
    duplicate.duplicate_of_id = primary.id
    now = clock.now()
    db.session.add(CaseMerge(duplicate_id=duplicate.id, primary_id=primary.id, merged_at=now,
                             merged_by_id=actor.id, snapshot=snapshot))
    audit.record("case_merged", actor=actor_of(actor), case_id=duplicate.id, now=now,
                 payload={"reason": "duplicate", "primary": primary.tracking_id})
    audit.record("duplicate_merged", actor=actor_of(actor), case_id=primary.id, now=now,
                 payload={"duplicate": duplicate.tracking_id})
    db.session.flush()
    return duplicate


def open_merge(duplicate: Case) -> CaseMerge | None:
    """The merge that made this case a duplicate, unless it was undone."""
    return db.session.execute(sa.select(CaseMerge).where(
        CaseMerge.duplicate_id == duplicate.id, CaseMerge.undone_at.is_(None))
        .order_by(CaseMerge.id.desc())).scalars().first()


def undo_possible(duplicate: Case, now: datetime | None = None) -> bool:
    """True while the merge can still be undone: the same calendar day in WIB."""
    row = open_merge(duplicate) if duplicate.duplicate_of_id else None
    now = now or clock.now()
    return row is not None and row.merged_at.astimezone(WIB).date() == now.astimezone(WIB).date()


def _restore(case: Case, snapshot: dict[str, Any]) -> None:
    state = db.session.get(WorkflowState, case.id)
    state.state, state.facts = snapshot["state"], snapshot["facts"]
    case.status, case.closed_at = CaseStatus(snapshot["status"]), None
    case.due_at = datetime.fromisoformat(snapshot["due_at"]) if snapshot["due_at"] else None
    case.due_rule, case.due_working_days = snapshot["due_rule"], snapshot["due_working_days"]
    task = db.session.get(HumanTask, snapshot["task"])
    task.state, task.finished_at, task.finished_by_id = TaskState.READY, None, None
    for timer in db.session.execute(sa.select(Timer).where(
            Timer.id.in_(snapshot["timers"]))).scalars():
        timer.status = TimerStatus.PENDING


def undo_merge(duplicate: Case, *, actor: User) -> Case:
    """Put a duplicate merged today back where it was before the merge (audited)."""
    row = open_merge(duplicate) if duplicate.duplicate_of_id else None
    if row is None:
        raise Conflict("merge_not_found")
    now = clock.now()
    if not undo_possible(duplicate, now):
        raise Conflict("merge_undo_too_late", day=row.merged_at.astimezone(WIB).date()
                       .isoformat())
    primary = db.session.get(Case, row.primary_id)
    lock_case(duplicate, None)
    was = duplicate.status
    _restore(duplicate, row.snapshot)
    duplicate.duplicate_of_id = None
    row.undone_at, row.undone_by_id = now, actor.id
    who = actor_of(actor)
    audit.record("merge_undone", actor=who, case_id=duplicate.id, now=now,
                 payload={"primary": primary.tracking_id})
    audit.record("status_changed", actor=who, case_id=duplicate.id, now=now,
                 payload={"from": was.value, "to": duplicate.status.value, "end_event": None})
    audit.record("duplicate_unmerged", actor=who, case_id=primary.id, now=now,
                 payload={"duplicate": duplicate.tracking_id})
    outbox.enqueue("status_changed",
                   f"status:{duplicate.id}:{duplicate.version}:{duplicate.status.value}",
                   case_id=duplicate.id, fresh=True,
                   payload={"from": was.value, "to": duplicate.status.value})
    db.session.flush()
    return duplicate
