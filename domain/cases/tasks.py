"""What officers do on a case's tasks: complete one, hand one to a colleague, add a note.

Each function flushes; the caller commits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.cases.models import Case, CaseNote, HumanTask
from domain.cases.task_forms import validated
from domain.cases.workflow import lock_case, run_complete
from domain.clock import clock
from domain.db import db
from domain.enums import Lane, TaskState
from domain.errors import Conflict, InvalidData, NotFound
from domain.org.models import User
from domain.org.scope import can_act_on_lane
from domain.text import has_control_chars

NOTE_MAX_CHARS = 8000


def get_task(task_id: str) -> HumanTask:
    task = db.session.get(HumanTask, task_id)
    if task is None:
        raise NotFound("task_not_found")
    return task


def complete_task(
    task_id: str, data: Any, *, actor: User, expected_version: int | None, locale: str = "id"
) -> Case:
    """An officer completes a ready task: validate, lock, run, project.

    Applies once even when two officers click together: the second gets Conflict.
    Nothing is flushed before the projection's one flush (no autoflush).
    """
    with db.session.no_autoflush:
        return _complete(task_id, data, actor=actor, expected_version=expected_version,
                         locale=locale)


def _complete(
    task_id: str, data: Any, *, actor: User, expected_version: int | None, locale: str
) -> Case:
    task = get_task(task_id)
    if task.lane == Lane.REPORTER or not can_act_on_lane(actor, task.lane, task.unit_id):
        raise NotFound("task_not_found")
    if task.state != TaskState.READY:
        raise Conflict("task_already_completed")
    case = task.case
    clean_data = validated(case, task, data, locale)
    if case.status.is_final:
        raise Conflict("case_closed")
    # Every run that could end this task (a completion, a timer, a forward) first takes this
    # lock and moves the version, so a second click fails here: the task needs no re-read.
    lock_case(case, expected_version)
    if clean_data.get("summary") and task.form.startswith("verify"):
        case.title = clean_data["summary"][:200]
    if clean_data.get("category") and task.form.startswith("verify"):
        case.category = clean_data["category"]
    run_complete(case, task, clean_data, clock.now(), actor_of(actor), actor.id)
    return case


def reassign_task(task_id: str, assignee: User, *, actor: User) -> HumanTask:
    """Hand a ready task to a colleague in the same unit (who can act on its lane)."""
    task = get_task(task_id)
    if not can_act_on_lane(actor, task.lane, task.unit_id):
        raise NotFound("task_not_found")
    if task.state != TaskState.READY:
        raise Conflict("task_not_open")
    if not can_act_on_lane(assignee, task.lane, task.unit_id):
        raise InvalidData("assignee_cannot_act", details={"assignee": "not_unit_member"})
    task.assignee_id = assignee.id
    audit.record(
        "task_reassigned",
        actor=actor_of(actor),
        case_id=task.case_id,
        payload={"task": task.spec, "to": assignee.username},
    )
    db.session.flush()
    return task


def release_tasks_of(user: User, *, actor: str,
                     keep: Callable[[HumanTask], bool] | None = None) -> int:
    """Put the open tasks assigned to `user` back in their unit's inbox (he was disabled,
    or lost a role: then `keep` says which tasks he may still act on)."""
    tasks = [task for task in db.session.scalars(
        sa.select(HumanTask).where(
            HumanTask.assignee_id == user.id, HumanTask.state == TaskState.READY
        )
    ).all() if keep is None or not keep(task)]
    for task in tasks:
        task.assignee_id = None
        audit.record(
            "task_reassigned",
            actor=actor,
            case_id=task.case_id,
            payload={"task": task.spec, "from": user.username, "to": None},
        )
    db.session.flush()
    return len(tasks)


def add_note(case: Case, body: str, *, actor: User, internal: bool = True) -> CaseNote:
    """An officer's note; internal notes never reach the reporter or the public."""
    body = (body or "").strip()
    if has_control_chars(body):
        raise InvalidData("note_control_characters", details={"body": "invalid"})
    if not body:
        raise InvalidData("note_empty", details={"body": "required"})
    if len(body) > NOTE_MAX_CHARS:  # refused, never cut: a cut note says less than it seems
        raise InvalidData("note_too_long", details={"body": ["length"]}, max=NOTE_MAX_CHARS)
    note = CaseNote(
        case_id=case.id,
        author_id=actor.id,
        internal=internal,
        body=body,
        created_at=clock.now(),
    )
    db.session.add(note)
    db.session.flush()
    audit.record(
        "note_added",
        actor=actor_of(actor),
        case_id=case.id,
        payload={"note_id": note.id, "internal": internal},
    )
    return note
