"""Projecting a run looks up the new tasks' owners and codes once, not once per task."""

from __future__ import annotations

import re
import uuid

import sqlalchemy as sa

import engine
from domain.audit.models import CaseEvent
from domain.cases import workflow
from domain.cases.models import Case, WorkflowState
from domain.clock import clock
from domain.db import db
from tests.factories import case_in

# Statements that read the organisation tables: owners (root units) and agency/unit codes.
ORG_READ = re.compile(r'\bFROM\s+"?(agency|unit)"?(\s|$)', re.IGNORECASE)
LANES = ("coordinator", "liaison", "supervisor")


def _handled_case() -> Case:
    """A case with an agency and a unit, so every lane has an owner to look up."""
    case = case_in("follow_up")
    assert case.unit.code == "medan.health"
    assert case.agency_id is not None and case.unit_id is not None
    return case


def _org_reads_projecting(case: Case, n: int) -> tuple[int, list[str]]:
    """Project `n` new ready tasks across the lanes; the org-table reads it ran, and ids."""
    state = db.session.get(WorkflowState, case.id)
    views = [
        engine.TaskView(task_id=str(uuid.uuid4()), spec=f"probe_{i}", label=f"Probe {i}",
                        lane=LANES[i % len(LANES)], form="verify", status=case.status.value)
        for i in range(n)
    ]
    result = engine.RunResult(state=state.state, ready_tasks=views, timers=[],
                              data=dict(state.facts or {}), status=None, completed=False)
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    connection = db.session.connection()
    db.session.expire_all()  # nothing cached: every lookup the projection needs is a query
    sa.event.listen(connection, "before_cursor_execute", seen)
    try:
        workflow.project(case, result, clock.now(), "test")
    finally:
        sa.event.remove(connection, "before_cursor_execute", seen)
    return sum(1 for s in statements if ORG_READ.search(s)), [v.task_id for v in views]


def test_projecting_many_tasks_reads_owners_and_codes_once(world):
    case = _handled_case()
    one, _ = _org_reads_projecting(case, 1)
    many, _ = _org_reads_projecting(case, 3 * len(LANES))
    assert one >= 1  # the probe does observe the lookups
    assert many == one, f"{many} organisation reads for 9 tasks, {one} for one task"
    assert many <= 2  # the coordinators' root unit, and one query for every code


def test_batched_codes_name_each_tasks_owner(world):
    case = _handled_case()
    _, ids = _org_reads_projecting(case, len(LANES))
    payloads = [
        event.payload for event in db.session.execute(
            sa.select(CaseEvent).where(CaseEvent.case_id == case.id,
                                       CaseEvent.kind == "task_assigned")
            .order_by(CaseEvent.seq)
        ).scalars()
    ][-len(ids):]
    assert [p["task"] for p in payloads] == ["probe_0", "probe_1", "probe_2"]
    owners = {p["lane"]: (p["agency"], p["unit"]) for p in payloads}
    assert owners == {
        "coordinator": ("pemkot-medan", "medan.secretariat"),
        "liaison": ("pemkot-medan", "medan.health"),
        "supervisor": ("pemkot-medan", "medan.health"),
    }
