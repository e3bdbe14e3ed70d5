"""The facts a notice carries, taken in the transaction of the event that causes it.

Why: a notice rendered from the case's state when the worker sends it tells the truth of
that later moment, not of its event (a "responded" notice sent after an escalation cited the
supervisor's deadline). So each event row's payload holds `facts`: the tracking id, the
status, the deadline with its rule and working days, the task, the escalation level, the
answer's place in the audit chain, the units of a disposition. Rendering (jobs/messages.py)
reads these only. Facts never hold personal data: no names, addresses, numbers or citizen
text; the answer is a reference (its audit event's chain position), quoted when sending.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import Case
from domain.db import db
from domain.org.models import Unit
from domain.org.operations import unit_by_code
from domain.outbox import operations as outbox

FACTS_VERSION = 1  # a payload's `facts` carries this as "v"; rows without facts are older


def deadline(due_at: datetime | None, rule: str | None, working_days: int | None) -> dict:
    """A deadline as plain JSON facts (empty when there is none)."""
    if due_at is None:
        return {}
    return {"due_at": due_at.isoformat(), "due_rule": rule, "due_working_days": working_days}


def _answer_seq(case: Case) -> int | None:
    """The chain position of the latest task completion that carried a public answer.

    The completion of this very step is still unflushed (the projection runs without
    autoflush), so the session's new events are read first, then the stored ones.
    """
    def answer(payload: dict[str, Any] | None) -> bool:
        text = ((payload or {}).get("data") or {}).get("answer")
        return isinstance(text, str) and bool(text.strip())

    new = [event.seq for event in db.session.new if isinstance(event, CaseEvent)
           and event.case_id == case.id and event.kind == "task_completed"
           and answer(event.payload)]
    if new:
        return max(new)
    rows = db.session.execute(sa.select(CaseEvent.seq, CaseEvent.payload).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == "task_completed")
        .order_by(CaseEvent.seq.desc()).limit(5)).all()
    return next((row.seq for row in rows if answer(row.payload)), None)


def _completion_seq(case: Case) -> int | None:
    """The chain position of the task completion of this run (still unflushed, as in
    `_answer_seq`): its data holds the reason a notice quotes. None when no completion led
    here (a timer's run): an older completion's reason is not this step's."""
    new = [event.seq for event in db.session.new if isinstance(event, CaseEvent)
           and event.case_id == case.id and event.kind == "task_completed"]
    return max(new, default=None)


def reporter_notice(case: Case, task_id: str, notice: str, due: dict[str, Any]) -> None:
    """A task whose diagram says `reporter_notice` became ready: the reporter is told (e.g.
    `extended`: the answer's time was extended once, with the reason and the new deadline).

    The reason is a reference (`reason_seq`, the completion that led here), quoted when
    sending, like `answer_seq`: no citizen or officer text sits in the facts."""
    facts = {"v": FACTS_VERSION, "tid": case.tracking_id, "notice": notice, **due,
             "reason_seq": _completion_seq(case)}
    outbox.enqueue(
        "reporter_notice", f"reporter_notice:{task_id}", case_id=case.id,
        payload={"task_id": task_id, "notice": notice, "facts": facts},
        fresh=True,  # the task is new in this run
    )


def status_changed(case: Case, old: str, new: str) -> None:
    """The status event: its statuses and the deadline the case has from this step on."""
    facts: dict[str, Any] = {"v": FACTS_VERSION, "tid": case.tracking_id, "from": old,
                             "to": new,
                             **deadline(case.due_at, case.due_rule, case.due_working_days)}
    if new == "responded":
        facts["answer_seq"] = _answer_seq(case)
    outbox.enqueue(
        "status_changed", f"status:{case.id}:{case.version}:{new}", case_id=case.id,
        payload={"from": old, "to": new, "facts": facts},
        fresh=True,  # every run holds the case's lock, so its version is this run's own
    )


def escalated(case: Case, task_id: str, label: str, lane: str, level: int,
              due: dict[str, Any]) -> None:
    """The escalation event: the level, the new task and its own deadline."""
    facts = {"v": FACTS_VERSION, "tid": case.tracking_id, "level": level, "task": label,
             "lane": lane, **due}
    outbox.enqueue(
        "escalation", f"escalation:{task_id}", case_id=case.id,
        payload={"task_id": task_id, "lane": lane, "level": level, "facts": facts},
        fresh=True,  # the task is new in this run
    )


def _unit(code: Any) -> Unit | None:
    return unit_by_code(str(code)) if code else None


def disposed(case: Case, facts: dict[str, Any], previous: dict[str, Any]) -> None:
    """A disposition: the unit the case now sits with, and the copy units newly added.

    Only what changed in this step is announced: a unit told once is not told again when
    the verifier only adds a copy, and a copy unit hears of a case once.
    """
    moved = facts.get("unit_code") != previous.get("unit_code")
    unit = case.unit if facts.get("unit_code") else None
    before = set(previous.get("copies") or [])
    copies = [u for u in (_unit(code) for code in facts.get("copies") or []
                          if code not in before) if u is not None and u is not unit]
    if (unit is None or not moved) and not copies:
        return
    payload = {"v": FACTS_VERSION, "tid": case.tracking_id, "unit_new": moved,
               "unit": {"id": unit.id, "name": unit.name} if unit else None,
               "copies": [{"id": u.id, "name": u.name} for u in copies],
               **deadline(case.due_at, case.due_rule, case.due_working_days)}
    outbox.enqueue("disposed", f"disposed:{case.id}:{case.version}", case_id=case.id,
                   payload={"facts": payload}, fresh=True)
