"""Replay: what a draft would have done with the cases that really ran to their end.

A scenario is what an owner imagines; a replay is what happened. For each of the last N
cases of the draft's model that ended (closed or archived), the submission and every task
completion, with the data the officer or reporter entered, are read back from the case's
audit events (`case_submitted`, `task_completed`) and run twice on a controlled clock that
moves to each decision's recorded moment, firing the deadlines due on the way as the
sweeper did:

- on the version the case ran on: the baseline. It must reproduce the recorded path; when
  it does not (the case was held, which pauses the domain's clock, or moved between
  versions, or ended outside the lifecycle) the case is reported as not replayable, with
  the step that failed, rather than blamed on the draft;
- on the draft: where a recorded decision finds another task waiting (a shorter deadline
  escalated the case first), where the draft's form refuses the recorded data, or where
  the instance ends elsewhere, the draft takes a different path; otherwise every deadline
  the two runs set is compared, in order, task by task.

Both runs share the real working-day calendar, so a difference is the draft's doing. Nothing
is stored and nothing is sent; the runs reuse the scenario runner (`scenarios.Run`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

import engine
from domain.audit.models import CaseEvent
from domain.cases.models import Case
from domain.db import db
from domain.processes.models import ProcessDraft, ProcessVersion
from domain.processes.operations import compile_definition, definition
from domain.processes.scenarios import (
    MAX_FIRES,
    Run,
    TooManyTimers,
    advance_to,
    complete_step,
    start_run,
)
from domain.sla.calendar import WorkingCalendar
from domain.sla.operations import load_calendar
from engine.path import completed_path

DEFAULT_CASES = 20
MAX_CASES = 100  # each case runs the engine twice per decision: the page stays interactive


@dataclass
class Recorded:
    """A finished case as its audit events tell it."""

    case_id: int
    tracking_id: str
    version_id: int
    given: dict[str, Any]
    start: datetime
    end: datetime
    steps: list[tuple[datetime, str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class Trace:
    """One run of a recorded case: the path, each deadline set (task, due), the end."""

    path: list[str] = field(default_factory=list)
    deadlines: list[tuple[str, datetime]] = field(default_factory=list)
    end: str | None = None
    failure: tuple[str, dict[str, Any]] | None = None


@dataclass(frozen=True)
class DeadlineMove:
    task: str  # the element the deadline guards (a user task), or the timer itself
    old_due: datetime | None  # None: the draft sets a deadline the case never had
    new_due: datetime | None  # None: the draft drops one
    label: str = ""  # the element's name in the draft (else in the case's version)


@dataclass
class ReplayRow:
    """One case: `same`, `deadline` (moves listed), `path` (the draft's failure or ends
    differ) or `not_replayable` (the baseline's failure)."""

    tracking_id: str
    outcome: str
    failure: tuple[str, dict[str, Any]] | None = None
    moves: list[DeadlineMove] = field(default_factory=list)
    old_path: list[str] = field(default_factory=list)
    new_path: list[str] = field(default_factory=list)
    old_end: str | None = None
    new_end: str | None = None


def recorded_cases(model_id: int, limit: int) -> list[Recorded]:
    """The last `limit` finished cases of the model, newest first, with their decisions:
    two queries whatever the number of cases."""
    versions = sa.select(ProcessVersion.id).where(ProcessVersion.model_id == model_id)
    cases = db.session.execute(
        sa.select(Case.id, Case.tracking_id, Case.process_version_id, Case.title,
                  Case.submitted_at, Case.closed_at)
        .where(Case.process_version_id.in_(versions), Case.closed_at.is_not(None))
        .order_by(Case.closed_at.desc(), Case.id.desc()).limit(limit)
    ).all()
    found = {row.id: Recorded(row.id, row.tracking_id, row.process_version_id,
                              {"title": row.title}, row.submitted_at, row.closed_at)
             for row in cases}
    events = db.session.execute(
        sa.select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.payload, CaseEvent.created_at)
        .where(CaseEvent.case_id.in_(list(found)),
               CaseEvent.kind.in_(("case_submitted", "task_completed")))
        .order_by(CaseEvent.case_id, CaseEvent.seq)
    ).all() if found else []
    for event in events:
        case = found[event.case_id]
        if event.kind == "case_submitted":
            case.start = event.created_at
            case.given.update({k: event.payload.get(k) for k in ("kind", "category", "region")})
        else:
            case.steps.append((event.created_at, event.payload["task"],
                               dict(event.payload.get("data") or {})))
    return list(found.values())


def _trace(compiled: engine.CompiledProcess, forms: dict[str, Any], calendar: WorkingCalendar,
           case: Recorded) -> Trace:
    run, trace = Run(compiled, forms, calendar, case.start), Trace()
    try:
        start_run(run, case.given)
        for index, (at, task, data) in enumerate(case.steps, start=1):
            advance_to(run, at)
            trace.failure = complete_step(run, index, {"complete": task, "with_": data})
            if trace.failure:
                break
        if not trace.failure:  # the deadlines that ran out after the last decision
            advance_to(run, case.end + timedelta(seconds=1))
    except engine.EngineError as exc:
        trace.failure = ("engine_error", {"message": str(exc)[:300]})
    except TooManyTimers:  # a draft whose timers re-arm at once
        trace.failure = ("too_many_timers", {"limit": MAX_FIRES})
    if run.result is not None:
        trace.path = completed_path(compiled.spec, run.result.state, compiled.meta)
        trace.end = run.result.end_event
    trace.deadlines = list(run.deadlines.values())
    return trace


def _moves(old: list[tuple[str, datetime]], new: list[tuple[str, datetime]]) -> list[DeadlineMove]:
    """Deadlines compared task by task, the n-th of a task against its n-th."""
    by_task: dict[str, tuple[list[datetime], list[datetime]]] = defaultdict(lambda: ([], []))
    for task, due in old:
        by_task[task][0].append(due)
    for task, due in new:
        by_task[task][1].append(due)
    moves = []
    for task, (before, after) in by_task.items():
        for i in range(max(len(before), len(after))):
            a = before[i] if i < len(before) else None
            b = after[i] if i < len(after) else None
            if a != b:
                moves.append(DeadlineMove(task, a, b))
    return moves


def compare(case: Recorded, old: Trace, new: Trace) -> ReplayRow:
    """The verdict on one case, from its baseline and draft runs."""
    row = ReplayRow(case.tracking_id, "same", old_path=old.path, new_path=new.path,
                    old_end=old.end, new_end=new.end)
    if old.failure or old.end is None:
        row.outcome = "not_replayable"
        row.failure = old.failure or ("baseline_open", {})
    elif new.failure or new.end != old.end or new.path != old.path:
        row.outcome, row.failure = "path", new.failure
        # the deadlines both runs set, up to where they part: what a reader can still compare
        row.moves = [m for m in _moves(old.deadlines, new.deadlines) if m.old_due and m.new_due]
    elif moves := _moves(old.deadlines, new.deadlines):
        row.outcome, row.moves = "deadline", moves
    return row


def replay(draft: ProcessDraft, limit: int = DEFAULT_CASES) -> list[ReplayRow] | None:
    """Every recorded case against the draft; None while the draft does not compile."""
    try:
        compiled = compile_definition(draft.bpmn_xml, list(draft.dmn_xml), draft.forms)
    except engine.DeployError:
        return None
    calendar, rows = load_calendar(), []
    for case in recorded_cases(draft.model_id, clamp(limit)):
        spec, meta, _forms = definition(case.version_id)
        baseline = engine.CompiledProcess(compiled.process_id, "", spec, meta)
        old = _trace(baseline, {}, calendar, case)  # its data passed its own forms then
        row = compare(case, old, _trace(compiled, draft.forms, calendar, case))
        row.moves = [replace(m, label=_name(compiled.meta, meta, element=m.task))
                     for m in row.moves]
        rows.append(row)
    return rows


def _name(*metas: dict[str, Any], element: str = "") -> str:
    return next((m[element]["name"] for m in metas if m.get(element, {}).get("name")), element)


def clamp(limit: int | None) -> int:
    """How many cases a request may replay: the default when unset, at most MAX_CASES."""
    return DEFAULT_CASES if limit is None else max(1, min(limit, MAX_CASES))


def summary(rows: list[ReplayRow]) -> dict[str, int]:
    """How many cases per outcome, for the page's first line."""
    counts = {"same": 0, "deadline": 0, "path": 0, "not_replayable": 0}
    for row in rows:
        counts[row.outcome] += 1
    return counts
