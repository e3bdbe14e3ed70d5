"""Where a new case goes, who may act on it, and that each step happens once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from domain.cases.models import Timer
from domain.cases.queries import can_read_case, suggested_unit
from domain.cases.tasks import complete_task
from domain.cases.timers import fire_timer
from domain.db import db
from domain.errors import Conflict, NotFound
from domain.org.operations import unit_by_code
from tests.domain.lifecycle_support import (
    event_kinds,
    verify_valid,
)
from tests.factories import ready_task, submit, sweep

# Every step of every path here (start, task, timer) leaves only tasks with deadlines.
pytestmark = pytest.mark.usefixtures("deadlines_checked_after_every_step")


def test_routed_unit_reads_the_case_only_after_disposition(
        world, coordinator, liaison, liaison_works):
    case = submit().case
    assert case.unit is None and case.agency.code == "pemkot-medan"
    assert can_read_case(coordinator, case)  # the agency's coordinators verify
    assert not can_read_case(liaison, case)  # only suggested, not disposed
    assert not can_read_case(liaison_works, case)
    verify_valid(case, coordinator)
    assert case.unit.code == "medan.health"
    assert can_read_case(liaison, case)
    assert not can_read_case(liaison_works, case)
    assert suggested_unit(case) is None  # disposed: the suggestion has done its job


def test_the_verifier_disposes_elsewhere_than_the_routing_suggests(
        world, coordinator, liaison_works):
    case = submit(category="roads").case  # the table suggests Dinas PU
    assert case.unit is None and suggested_unit(case).code == "medan.works"
    assert not can_read_case(liaison_works, case)
    verify_valid(case, coordinator, unit="medan.health")
    assert case.unit.code == "medan.health"
    assert not can_read_case(liaison_works, case)
    ready_task(case, "follow_up")


def test_a_case_no_table_row_nor_agency_covers_waits_for_the_national_admins(world):
    # Region 33 (Jawa Tengah): no routing rule, no agency of the demo covers it.
    case = submit(region="33.74.01", category="other").case
    assert case.unit is None and case.agency is None and suggested_unit(case) is None
    task = ready_task(case, "verify")
    assert task.lane == "coordinator" and task.unit_id is None


def test_a_case_the_table_cannot_route_goes_to_the_agency_of_its_region(world):
    # DKI Jakarta's government covers province 31: a case from Jakarta Pusat (31.71) is
    # verified by its coordinators, not by the national pool, without any routing rule.
    case = submit(region="31.71", category="other").case
    assert case.unit is None and suggested_unit(case) is None
    assert case.agency.code == "pemprov-dki"
    task = ready_task(case, "verify")
    assert task.lane == "coordinator" and task.unit_id == unit_by_code("dki.secretariat").id


def test_stale_version_and_second_completion_conflict(world, coordinator):
    case = submit().case
    task = ready_task(case, "verify")
    seen = case.version
    complete_task(
        task.id,
        {"decision": "archive", "reason": "Spam."},
        actor=coordinator,
        expected_version=seen,
    )
    with pytest.raises(Conflict):
        complete_task(
            task.id,
            {"decision": "archive", "reason": "Spam."},
            actor=coordinator,
            expected_version=seen,
        )


def test_officer_outside_scope_cannot_complete(world, liaison_works):
    case = submit().case
    task = ready_task(case, "verify")
    with pytest.raises(NotFound):
        complete_task(
            task.id,
            {"decision": "archive", "reason": "x"},
            actor=liaison_works,
            expected_version=case.version,
        )


def test_timer_fires_once_however_often_it_is_run(world, clock):
    case = submit().case
    timer = db.session.execute(sa.select(Timer).where(Timer.case_id == case.id)).scalar_one()
    clock.advance(timedelta(days=10))
    results = [fire_timer(timer.id, clock.now()) for _ in range(5)]
    assert results == [True, False, False, False, False]
    assert event_kinds(case).count("timer_fired") == 1


def test_a_case_filed_on_a_past_date_keeps_its_own_deadlines(world, clock):
    """The engine measures time with the domain clock, not the machine's."""
    from datetime import UTC, datetime

    clock.freeze(datetime(2025, 3, 3, 2, 0, tzinfo=UTC))  # a Monday, long ago
    case = submit().case
    task = ready_task(case, "verify")
    assert task.due_at.date().isoformat() == "2025-03-06"
    assert sweep(clock.now()) == 0  # the wall clock is years later; nothing fired by itself
    clock.advance(timedelta(days=4))
    assert sweep(clock.now()) == 1
    db.session.refresh(case)
    ready_task(case, "verify_national")
