"""Projecting one engine run into Aduan's tables, as a sequence of named steps.

The engine only returns plain data (`engine.RunResult`); this module writes it, inside the
caller's transaction: the instance state and facts, the timer rows, the human-task rows,
the case's due date and status, with the audit events and outbox rows each step owes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

import engine
from domain.audit import operations as audit
from domain.cases import deadlines
from domain.cases.models import Case, CaseCopy, HumanTask, Timer, WorkflowState
from domain.db import db
from domain.enums import CaseStatus, FactKey, Lane, TaskState, TimerStatus
from domain.org.models import Agency, Unit
from domain.org.operations import agency_by_code, unit_by_code
from domain.org.regions import agency_for_region
from domain.org.scope import agency_root_unit
from domain.outbox import facts as notices
from domain.processes.operations import definition
from domain.sla import cache as calendar_cache
from domain.sla.calendar import WorkingCalendar

# The instance data kept as the case's facts (the engine hands back every `FactKey`).
FACT_KEYS = tuple(key.value for key in FactKey if key.is_case_fact)
# Working days to a first follow-up are kept up to this (a SMALLINT; the statistics bucket it).
FOLLOW_UP_DAYS_CAP = 999


def _apply_facts(case: Case, facts: dict[str, Any], previous: dict[str, Any],
                 new_case: bool = False) -> None:
    """Copy what the process decided (unit, agency, counters) into the case's columns.

    `routed_unit` (the routing table's suggestion) only names the agency that verifies a case
    that has none yet; the case's unit is the verifier's disposition (`unit_code`), so the
    suggested unit's officers cannot read a case that is still being verified. A new case
    the table names no unit for goes to the agency covering its most specific region
    (`agency_for_region`), else to the national pool: no wrong door by default.
    """
    changed = {k: v for k, v in facts.items() if previous.get(k) != v}
    if changed.get("agency_code"):
        agency = agency_by_code(str(changed["agency_code"]))
        if agency is not None:
            case.agency, case.unit = agency, None
    if changed.get("routed_unit") and case.agency is None:
        routed = unit_by_code(str(changed["routed_unit"]))
        if routed is not None:
            case.agency = routed.agency
    if new_case and case.agency is None:
        case.agency = agency_for_region(case.region_code)
    if "unit_code" in changed:
        unit = unit_by_code(str(changed["unit_code"])) if changed["unit_code"] else None
        case.unit = unit
        if unit is not None:
            case.agency = unit.agency
    if "copies" in changed:
        db.session.execute(sa.delete(CaseCopy).where(CaseCopy.case_id == case.id))
        main_unit = case.unit.id if case.unit is not None else None
        for code in changed["copies"] or []:
            unit = unit_by_code(str(code))
            if unit is not None and unit.id != main_unit:
                db.session.add(CaseCopy(case_id=case.id, unit_id=unit.id))
    for key in ("holds", "forwards", "reopens"):
        if isinstance(facts.get(key), int):
            setattr(case, key, facts[key])
    if isinstance(facts.get("rating"), int) and 1 <= facts["rating"] <= 5:
        case.rating = facts["rating"]


def _owners(case: Case, lanes: set[str]) -> dict[str, tuple[int | None, int | None]]:
    """(agency_id, unit_id) owning tasks of each lane: who finds them in their inbox.

    Computed once per projection, so many tasks of one lane cost one lookup, not one each.
    """
    owners: dict[str, tuple[int | None, int | None]] = {}
    # The objects, not the foreign keys: the facts step set them and nothing flushed since.
    agency_id = case.agency.id if case.agency is not None else None
    unit_id = case.unit.id if case.unit is not None else None
    for lane in lanes:
        if lane == Lane.COORDINATOR:
            if agency_id is None:
                owners[lane] = (None, None)  # no agency yet: the national admins' pool
                continue
            root = agency_root_unit(agency_id)
            owners[lane] = (agency_id, root.id if root else None)
        elif lane == Lane.SUPERVISOR and unit_id is None and agency_id is not None:
            # Not disposed to a unit (an information request's PPID sits at the agency's
            # top): the agency's supervisors, at its top unit, hold the task.
            root = agency_root_unit(agency_id)
            owners[lane] = (agency_id, root.id if root else None)
        elif lane in (Lane.LIAISON, Lane.SUPERVISOR):
            owners[lane] = (agency_id, unit_id)
        else:
            owners[lane] = (agency_id, None)
    return owners


def _loaded_codes(model: type[Agency] | type[Unit], ids: set[int]) -> dict[int, str]:
    """Codes of the rows this session already holds (the case's own agency and units)."""
    found = {}
    for row_id in ids:
        row = db.session.identity_map.get(db.session.identity_key(model, row_id))
        if row is not None:
            found[row_id] = row.code
    return found


def _codes(
    owners: list[tuple[int | None, int | None]],
) -> tuple[dict[int, str], dict[int, str]]:
    """The codes of these owners' agencies and units, in one query for the whole projection."""
    agencies, units = _loaded_codes(Agency, {a for a, _ in owners if a is not None}), \
        _loaded_codes(Unit, {u for _, u in owners if u is not None})
    agency_ids = {a for a, _ in owners if a is not None} - set(agencies)
    unit_ids = {u for _, u in owners if u is not None} - set(units)
    if not agency_ids and not unit_ids:
        return agencies, units
    rows = db.session.execute(
        sa.union_all(
            sa.select(sa.literal_column("'agency'").label("kind"), Agency.id, Agency.code)
            .where(Agency.id.in_(agency_ids)),
            sa.select(sa.literal_column("'unit'").label("kind"), Unit.id, Unit.code)
            .where(Unit.id.in_(unit_ids)),
        )
    ).all()
    agencies.update((row_id, code) for kind, row_id, code in rows if kind == "agency")
    units.update((row_id, code) for kind, row_id, code in rows if kind == "unit")
    return agencies, units


def _project_facts(case: Case, result: engine.RunResult, now: datetime,
                   state: WorkflowState | None, new_case: bool) -> tuple[dict, dict]:
    """Store the instance state and copy the facts it decided into the case's columns;
    returns the facts and the previous ones (a disposition is announced from the two)."""
    if state is None:
        state = db.session.get(WorkflowState, case.id)
    previous_facts = dict(state.facts or {})
    facts = {k: result.data[k] for k in FACT_KEYS if k in result.data}
    state.state, state.facts, state.updated_at = result.state, facts, now
    _apply_facts(case, facts, previous_facts, new_case)
    return facts, previous_facts


@dataclass(frozen=True)
class _Deadlines:
    """The timers a projection leaves pending, with their lengths in working days."""

    timers: list[engine.PendingTimer]
    days_of: dict[str, int | None]  # timer spec -> its working_days(n)
    resumed: dict[str, int]  # timer id -> working days left when a hold's clock resumed

    def by_task(self) -> dict[str, engine.PendingTimer]:
        """Boundary timers by the spec of the user task they are attached to."""
        return {t.attached_to: t for t in self.timers if t.attached_to}


def _timer_days(meta: dict[str, Any], spec: str) -> int | None:
    return meta.get(spec, {}).get("timer_working_days")


def _retire_timers(
    case: Case, result: engine.RunResult, rows: list[Timer], meta: dict[str, Any], now: datetime
) -> None:
    """Rows the engine no longer waits on are fired (and audited) or cancelled."""
    pending = {t.task_id for t in result.timers}
    fired = set(result.fired_timers)
    for row in rows:
        if row.id in pending:
            continue
        if row.id not in fired:
            row.status = TimerStatus.CANCELLED
            continue
        # Fired now: forced by the sweeper, or due at this operation's moment.
        row.status, row.fired_at = TimerStatus.FIRED, now
        case.late = True
        audit.record(
            "timer_fired",
            actor="system:timer",
            case_id=case.id,
            now=now,
            payload={
                "timer": row.spec,
                "rule": row.rule,
                "working_days": _timer_days(meta, row.spec),
                "due_at": row.due_at.isoformat(),
                "task": row.attached_to,
            },
        )


def _project_timers(case: Case, result: engine.RunResult, now: datetime,
                    new_case: bool) -> _Deadlines:
    """New timers become rows; rows the engine no longer waits on are fired or cancelled.

    Each timer's own length, working_days(n): at most its rule's maximum (the lint checks).
    Due times as the law counts them: stored rows win; a clock paused by a hold resumes.
    """
    meta = definition(case.process_version_id)[1]
    days_of = {t.spec: _timer_days(meta, t.spec) for t in result.timers}
    rows = [] if new_case else [row for row in db.session.execute(
        sa.select(Timer).where(Timer.case_id == case.id, Timer.status == TimerStatus.PENDING)
    ).scalars() if row.status == TimerStatus.PENDING]
    _retire_timers(case, result, rows, meta, now)
    known = {row.id for row in rows}
    timers, resumed = deadlines.effective_timers(case, result.timers, rows, now, days_of)
    for timer in timers:
        if timer.task_id not in known:
            db.session.add(Timer(
                id=timer.task_id, case_id=case.id, spec=timer.spec,
                attached_to=timer.attached_to, rule=timer.rule, due_at=timer.due_at,
                working_days=resumed.get(timer.task_id, days_of.get(timer.spec)),
                created_at=now,
            ))
    return _Deadlines(timers, days_of, resumed)


def _cancel_stale_tasks(case: Case, result: engine.RunResult, now: datetime,
                        new_case: bool) -> set[str]:
    """Open rows the engine no longer has ready are cancelled; returns the open rows' ids.

    The query sees the database, not this transaction's unflushed changes (projection runs
    without autoflush), so a row completed in memory a moment ago is filtered out here.
    """
    if new_case:
        return set()
    ready = {t.task_id for t in result.ready_tasks}
    open_rows = [row for row in db.session.execute(
        sa.select(HumanTask).where(
            HumanTask.case_id == case.id, HumanTask.state == TaskState.READY
        )
    ).scalars() if row.state == TaskState.READY]
    for row in open_rows:
        if row.id not in ready:
            row.state, row.finished_at = TaskState.CANCELLED, now
    return {row.id for row in open_rows}


def _add_task(
    case: Case, view: engine.TaskView, owner: tuple[int | None, int | None],
    timer: engine.PendingTimer | None, due: _Deadlines, now: datetime,
) -> None:
    agency_id, unit_id = owner
    db.session.add(HumanTask(
        id=view.task_id, case_id=case.id, spec=view.spec, label=view.label, lane=view.lane,
        form=view.form, status=view.status, escalation=view.escalation,
        instructions=view.instructions, agency_id=agency_id, unit_id=unit_id,
        due_at=timer.due_at if timer else None,
        due_rule=timer.rule if timer else None,
        due_working_days=due.days_of.get(timer.spec) if timer else None,
        created_at=now,
    ))


def _assignment_payload(
    view: engine.TaskView, agency: str | None, unit: str | None,
    timer: engine.PendingTimer | None, due: _Deadlines,
) -> dict[str, Any]:
    """The `task_assigned` audit payload: who got the task, and by when under which rule."""
    return {
        "task": view.spec,
        "label": view.label,
        "lane": view.lane,
        "agency": agency,
        "unit": unit,
        "escalation": view.escalation,
        "due_at": timer.due_at.isoformat() if timer else None,
        "rule": timer.rule if timer else None,
        "working_days": due.days_of.get(timer.spec) if timer else None,
        **(
            {"resumed_working_days": due.resumed[timer.task_id]}
            if timer and timer.task_id in due.resumed
            else {}
        ),
    }


def _announce(case: Case, view: engine.TaskView, timer: engine.PendingTimer | None,
              due: _Deadlines) -> None:
    """A new task's notices, each with this task's own deadline (domain/outbox/facts.py): an
    escalation task raises the case's level and tells the people above; a task marked
    `reporter_notice` tells the reporter on his own channel."""
    deadline = notices.deadline(timer.due_at, timer.rule, due.days_of.get(timer.spec)) \
        if timer else {}
    if view.escalation:
        case.escalation_level = max(case.escalation_level, view.escalation)
        notices.escalated(case, view.task_id, view.label, view.lane, view.escalation, deadline)
    if view.reporter_notice:
        notices.reporter_notice(case, view.task_id, view.reporter_notice, deadline)


def _project_tasks(
    case: Case, result: engine.RunResult, due: _Deadlines, now: datetime, actor: str,
    new_case: bool,
) -> None:
    """The human-task projection mirrors exactly the engine's ready user tasks."""
    open_ids = _cancel_stale_tasks(case, result, now, new_case)
    new = [view for view in result.ready_tasks if view.task_id not in open_ids]
    owners = _owners(case, {view.lane for view in new})
    agency_codes, unit_codes = _codes(list(owners.values()))
    timer_of = due.by_task()
    for view in new:
        agency_id, unit_id = owners[view.lane]
        timer = timer_of.get(view.spec)
        _add_task(case, view, (agency_id, unit_id), timer, due, now)
        payload = _assignment_payload(
            view, agency_codes.get(agency_id), unit_codes.get(unit_id), timer, due
        )
        audit.record("task_assigned", actor=actor, case_id=case.id, now=now, payload=payload)
        _announce(case, view, timer, due)


def _project_due(case: Case, due: _Deadlines) -> None:
    """The case is due when its soonest pending timer is."""
    soonest = min(due.timers, key=lambda t: t.due_at, default=None)
    case.due_at = soonest.due_at if soonest else None
    case.due_rule = soonest.rule if soonest else None
    case.due_working_days = due.days_of.get(soonest.spec) if soonest else None


def _first_follow_up(case: Case, now: datetime, calendar: WorkingCalendar | None) -> None:
    """The first time a case reaches `responded`: its moment, working days since filing and
    whether a deadline had been missed by then (the scorecards' on-time share and median)."""
    if case.first_follow_up_at is not None:
        return
    calendar = calendar if calendar is not None else calendar_cache.current_calendar()
    case.first_follow_up_at = now
    case.first_follow_up_days = min(calendar.working_days_between(case.submitted_at, now),
                                    FOLLOW_UP_DAYS_CAP)
    case.first_follow_up_late = bool(case.late)


def _project_status(case: Case, result: engine.RunResult, now: datetime, actor: str,
                    calendar: WorkingCalendar | None) -> None:
    """The status of the waiting task (or end event); a change is audited and announced."""
    new_status = CaseStatus(result.status) if result.status else case.status
    if new_status == CaseStatus.RESPONDED:
        _first_follow_up(case, now, calendar)
    if new_status != case.status:
        audit.record(
            "status_changed",
            actor=actor,
            case_id=case.id,
            now=now,
            payload={
                "from": case.status.value,
                "to": new_status.value,
                "end_event": result.end_event,
            },
        )
        notices.status_changed(case, case.status.value, new_status.value)
        case.status = new_status
    if case.status.is_final and case.closed_at is None:
        case.closed_at = now


def project(case: Case, result: engine.RunResult, now: datetime, actor: str, *,
            state: WorkflowState | None = None, new_case: bool = False,
            calendar: WorkingCalendar | None = None) -> None:
    """Write the run's outcome: state, facts, timers, tasks, due date, status (with the audit
    events and outbox rows each step owes). The order matters: tasks take their owner from
    the facts and their deadline from the timers; audit events keep this order in the chain.

    One flush at the end, none between (no autoflush): each row is written once, the case
    row with one UPDATE, instead of a flush before every lookup. The lookups read only the
    organisation and this case's committed rows, which pending changes cannot affect.
    `new_case` (the run that started the case) skips reading timers and tasks it cannot have.
    `calendar`: the working-day calendar for the figures (default: the process's cached one).
    """
    with db.session.no_autoflush:
        facts, previous = _project_facts(case, result, now, state, new_case)
        due = _project_timers(case, result, now, new_case)
        _project_tasks(case, result, due, now, actor, new_case)
        _project_due(case, due)
        notices.disposed(case, facts, previous)  # the unit and copies told, with the deadline
        _project_status(case, result, now, actor, calendar)
    db.session.flush()
