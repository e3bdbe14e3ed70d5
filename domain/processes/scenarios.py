"""Running a draft's scenarios on a controlled clock, before anyone approves it.

Each scenario starts one instance of the compiled draft in the engine, completes its tasks
with form data checked by the draft's own forms, and moves its own clock by working days on
the real calendar, firing each deadline at its due moment, as the sweeper would. Nothing is
stored: no case, no timer row, no audit event; the clock is the scenario's (its `start`, a
fixed Monday by default, so a result does not depend on the day it runs). The result is
pass/fail, what failed (codes and values, worded by `wording/scenarios.py`) and the path
taken (`engine.path.completed_path`).

Not modelled: the domain's side of a step (which unit gets the case, a clock resumed after a
hold with the days it had left); the engine's own deadlines are what a scenario sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import engine
from domain.cases.workflow import helpers_at
from domain.processes.scenario_format import load_scenarios
from domain.processes.vocabulary import VOCABULARY
from domain.sla.calendar import WIB, WorkingCalendar
from domain.sla.operations import load_calendar
from engine.path import completed_path
from forms.validation import clean, validate

DEFAULT_START = date(2026, 3, 2)  # a Monday; a scenario's `given.start` overrides it
# Deadlines one scenario may fire: a diagram whose timers re-arm at once (working_days(0) in
# a loop) must end the run with a failure, not hold the approval request forever.
MAX_FIRES = 200


class TooManyTimers(Exception):
    pass


@dataclass
class ScenarioResult:
    """One scenario's outcome: failures as (code, values); the path and the open tasks."""

    name: str
    failures: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class Run:
    """One instance on its own clock; `deadlines` keeps every deadline it ever got, in order."""

    compiled: engine.CompiledProcess
    forms: Mapping[str, Any]
    calendar: WorkingCalendar
    now: datetime
    result: engine.RunResult | None = None
    started: dict[str, datetime] = field(default_factory=dict)  # timer task id -> its start
    deadlines: dict[str, tuple[str, datetime]] = field(default_factory=dict)  # id -> (task, due)
    fired: int = 0

    def apply(self, result: engine.RunResult) -> None:
        self.result = result
        for timer in result.timers:
            self.started.setdefault(timer.task_id, self.now)
            task = timer.attached_to or timer.spec
            self.deadlines.setdefault(timer.task_id, (task, timer.due_at))


def start_run(run: Run, given: Mapping[str, Any]) -> None:
    data = {"kind": given["kind"], "category": given["category"], "region": given["region"],
            "title": given["title"]}
    c = run.compiled
    run.apply(engine.start(c.spec, c.meta, data, helpers_at(run.now), vocabulary=VOCABULARY,
                           now=run.now))


def complete_step(run: Run, index: int, step: Mapping[str, Any]) -> tuple[str, dict] | None:
    spec, result, c = step["complete"], run.result, run.compiled
    task = next((t for t in result.ready_tasks if t.spec == spec), None)
    if task is None:
        return "task_not_waiting", {"step": index, "task": spec,
                                    "waiting": [t.spec for t in result.ready_tasks]}
    form = run.forms.get(task.form) or {}
    data = clean(form, dict(step["with_"])) if form else dict(step["with_"])
    errors = validate(form, data) if form else {}
    if errors:
        return "form_invalid", {"step": index, "task": spec, "fields": sorted(errors)}
    run.apply(engine.complete(c.spec, c.meta, result.state, task.task_id, data,
                              helpers_at(run.now), vocabulary=VOCABULARY, now=run.now))
    return None


def _wait(run: Run, days: int) -> None:
    """Move the clock `days` working days, firing each deadline due on the way at its time."""
    advance_to(run, run.calendar.add_working_days(run.now, days))


def advance_to(run: Run, target: datetime) -> None:
    """Move the run's clock to `target`, firing each deadline due on the way at its own
    moment, as the sweeper would (a replay moves to each recorded decision's time)."""
    c = run.compiled
    while run.result and not run.result.completed:
        due = sorted({t.due_at for t in run.result.timers if t.due_at <= target})
        if not due:
            break
        run.now = due[0]
        ids = [t.task_id for t in run.result.timers if t.due_at == due[0]]
        run.fired += len(ids)
        if run.fired > MAX_FIRES:
            raise TooManyTimers
        run.apply(engine.fire_timers(c.spec, c.meta, run.result.state, ids, helpers_at(run.now),
                                     vocabulary=VOCABULARY, now=run.now))
    run.now = max(run.now, target)


def _actual(run: Run, then: Mapping[str, Any]) -> dict[str, Any]:
    """What the instance shows for each expectation `then` names."""
    result = run.result
    tasks = [t for t in result.ready_tasks if t.spec == then.get("task")] or result.ready_tasks
    task = tasks[0] if tasks else None
    timers = sorted((t for t in result.timers if task and t.attached_to == task.spec),
                    key=lambda t: t.due_at)
    deadline = None
    if timers:
        deadline = run.calendar.working_days_between(run.started[timers[0].task_id],
                                                     timers[0].due_at)
    return {
        "status": result.status, "end": result.end_event,
        "task": next((t.spec for t in result.ready_tasks if t.spec == then.get("task")), None),
        "lane": task.lane if task else None, "escalation": task.escalation if task else None,
        "deadline": deadline,
    }


def run_scenario(compiled: engine.CompiledProcess, forms: Mapping[str, Any],
                 scenario: Mapping[str, Any], calendar: WorkingCalendar) -> ScenarioResult:
    """One scenario (already loaded by `load_scenarios`) against a compiled definition."""
    given = scenario["given"]
    start = datetime.combine(given["start"] or DEFAULT_START, time(9), WIB).astimezone(UTC)
    run, outcome = Run(compiled, forms, calendar, start), ScenarioResult(scenario["name"])
    try:
        start_run(run, given)
        for index, step in enumerate(scenario["when"], start=1):
            if "wait" in step:
                _wait(run, step["wait"])
            elif failure := complete_step(run, index, step):
                outcome.failures.append(failure)
                break
    except engine.EngineError as exc:
        outcome.failures.append(("engine_error", {"message": str(exc)[:300]}))
    except TooManyTimers:
        outcome.failures.append(("too_many_timers", {"limit": MAX_FIRES}))
    if run.result is None:
        return outcome
    if not outcome.failures:
        actual = _actual(run, scenario["then"])
        for key, expected in scenario["then"].items():
            if actual[key] != expected:
                outcome.failures.append(("expected", {"what": key, "expected": expected,
                                                      "actual": actual[key]}))
    outcome.path = completed_path(compiled.spec, run.result.state, compiled.meta)
    outcome.waiting = [t.spec for t in run.result.ready_tasks]
    return outcome


def run_all(compiled: engine.CompiledProcess, forms: Mapping[str, Any],
            raw: Any) -> tuple[list[ScenarioResult], dict[str, Any]]:
    """Every scenario of a draft; the format errors instead when the file is malformed."""
    scenarios, errors = load_scenarios(raw)
    if errors:
        return [], errors
    calendar = load_calendar()
    return [run_scenario(compiled, forms, s, calendar) for s in scenarios], {}
