"""Every path of the default complaint lifecycle, driven through the service layer."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from domain.audit.operations import verify_chain
from domain.cases.models import CaseCopy, Timer, WorkflowState
from domain.cases.queries import suggested_unit
from domain.cases.responses import reporter_respond
from domain.db import db
from domain.enums import CaseStatus, TimerStatus
from domain.errors import Forbidden, InvalidData, NotFound
from domain.org.operations import unit_by_code
from tests.domain.lifecycle_support import (
    event_kinds,
    verify_valid,
)
from tests.factories import complete, ready_task, ready_tasks, submit, sweep

# Every step of every path here (start, task, timer) leaves only tasks with deadlines.
pytestmark = pytest.mark.usefixtures("deadlines_checked_after_every_step")


def test_happy_path_closes_with_rating(world, coordinator, liaison):
    receipt = submit()
    case = receipt.case
    assert case.status == CaseStatus.VERIFICATION
    # The DMN table (health, 12.71) suggests Dinas Kesehatan: that picks the verifying agency,
    # but the case has no unit until the verifier disposes it.
    assert case.unit is None and case.agency.code == "pemkot-medan"
    assert suggested_unit(case).code == "medan.health"
    verify = ready_task(case, "verify")
    assert verify.lane == "coordinator" and verify.unit_id == unit_by_code("medan.secretariat").id
    assert verify.due_rule == "verify_3hk" and verify.due_at is not None

    verify_valid(case, coordinator, copies=["medan.works"])
    assert case.status == CaseStatus.FOLLOW_UP
    assert case.title == "Obat hipertensi kosong di Puskesmas Medan Baru"
    assert case.original_title == "Obat tidak tersedia di puskesmas"
    copies = db.session.execute(sa.select(CaseCopy.unit_id).where(CaseCopy.case_id == case.id))
    assert [row.unit_id for row in copies] == [unit_by_code("medan.works").id]

    complete(
        case,
        "follow_up",
        liaison,
        decision="answer",
        answer="Stok obat sudah dikirim dari gudang farmasi kota.",
    )
    assert case.status == CaseStatus.RESPONDED
    task = ready_task(case, "reporter_response")
    assert task.lane == "reporter" and task.due_rule == "response_10hk"

    reporter_respond(
        case.tracking_id, receipt.reporter_key, {"action": "accept", "rating": 5}
    )
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    assert case.rating == 5
    assert ready_tasks(case) == []
    assert not db.session.execute(
        sa.select(Timer).where(Timer.case_id == case.id, Timer.status == TimerStatus.PENDING)
    ).first()
    kinds = event_kinds(case)
    assert kinds[0] == "case_submitted" and kinds.count("task_completed") == 3
    assert verify_chain(f"case:{case.id}") == []


def test_hold_without_reply_archives_after_the_reporter_deadline(world, clock, coordinator):
    case = submit().case
    complete(
        case,
        "verify",
        coordinator,
        decision="hold",
        question="Mohon sebutkan nama puskesmas dan tanggal kejadian.",
    )
    assert case.status == CaseStatus.HOLD
    task = ready_task(case, "reporter_info")
    assert task.due_rule == "reporter_hold_10hk"
    assert sweep(clock.now()) == 0  # nothing is due yet
    clock.advance(timedelta(days=20))
    assert sweep(clock.now()) == 1
    db.session.refresh(case)
    assert case.status == CaseStatus.ARCHIVED and case.late
    assert ready_tasks(case) == []
    assert "timer_fired" in event_kinds(case)


def test_hold_reply_returns_to_verification(world, coordinator):
    receipt = submit()
    case = receipt.case
    complete(case, "verify", coordinator, decision="hold", question="Kapan kejadiannya?")
    with pytest.raises(Forbidden):
        reporter_respond(case.tracking_id, "wrong-key", {"additional_info": "x"})
    reporter_respond(
        case.tracking_id,
        receipt.reporter_key,
        {"additional_info": "Tanggal 3 November 2026 pukul 09.00."},
    )
    assert case.status == CaseStatus.VERIFICATION and case.holds == 1
    ready_task(case, "verify")


def test_hold_loop_is_capped_then_escalates_to_national_admin(world, coordinator, national_admin):
    receipt = submit()
    case = receipt.case
    for _ in range(2):
        complete(case, "verify", coordinator, decision="hold", question="Lengkapi.")
        reporter_respond(
            case.tracking_id, receipt.reporter_key, {"additional_info": "Sudah saya lengkapi."}
        )
    complete(case, "verify", coordinator, decision="hold", question="Lagi?")
    task = ready_task(case, "verify_national")
    assert task.lane == "national_admin" and task.form == "verify_final"
    assert case.holds == 2 and case.escalation_level == 1
    state = db.session.get(WorkflowState, case.id).state
    size = len(str(state))
    # verify_final has no hold: the national admin must decide, so the loop cannot continue.
    with pytest.raises(InvalidData):
        complete(case, "verify_national", national_admin, decision="hold", question="x")
    complete(case, "verify_national", national_admin, decision="archive", reason="Tidak jelas.")
    assert case.status == CaseStatus.ARCHIVED
    assert size < 60_000


def test_not_our_authority_forwards_to_another_agency(world, coordinator, coordinator_dki):
    case = submit().case
    complete(
        case,
        "verify",
        coordinator,
        decision="not_authority",
        target_agency="pemprov-dki",
        reason="Lokasi di Jakarta Pusat.",
    )
    assert case.status == CaseStatus.VERIFICATION
    assert case.agency.code == "pemprov-dki" and case.unit_id is None
    task = ready_task(case, "verify")
    assert task.unit_id == unit_by_code("dki.secretariat").id
    # The Medan coordinator no longer sees or acts on the case.
    with pytest.raises(NotFound):
        complete(case, "verify", coordinator, decision="archive", reason="x")
    complete(case, "verify", coordinator_dki, decision="archive", reason="Duplikat.")
    assert case.status == CaseStatus.ARCHIVED


def test_archive_with_reason(world, coordinator):
    case = submit().case
    with pytest.raises(InvalidData) as error:
        complete(case, "verify", coordinator, decision="archive")
    assert "reason" in error.value.details
    complete(case, "verify", coordinator, decision="archive", reason="Spam.")
    assert case.status == CaseStatus.ARCHIVED and case.closed_at is not None


def test_missed_verification_escalates_to_national_admin(world, clock, national_admin):
    case = submit().case
    clock.advance(timedelta(days=10))
    assert sweep(clock.now()) == 1
    db.session.refresh(case)
    task = ready_task(case, "verify_national")
    assert task.escalation == 1 and case.late and case.escalation_level == 1
    _ = complete(
        case,
        "verify_national",
        national_admin,
        decision="valid",
        summary="Obat kosong",
        unit_code="medan.health",
    )
    assert case.status == CaseStatus.FOLLOW_UP


def test_missed_follow_up_escalates_to_supervisor_then_coordinator(world, clock, coordinator):
    case = submit().case
    verify_valid(case, coordinator)
    clock.advance(timedelta(days=10))
    assert sweep(clock.now()) == 1
    db.session.refresh(case)
    task = ready_task(case, "follow_up_supervisor")
    assert task.lane == "supervisor" and task.unit_id == unit_by_code("medan.health").id
    assert task.due_rule == "escalation_supervisor_2hk"
    # The liaison's deadline passed: only the supervisor acts now.
    clock.advance(timedelta(days=6))
    assert sweep(clock.now()) == 1
    db.session.refresh(case)
    task = ready_task(case, "follow_up_coordinator")
    assert task.escalation == 2 and case.escalation_level == 2
    complete(
        case,
        "follow_up_coordinator",
        coordinator,
        decision="answer",
        answer="Koordinator menindaklanjuti langsung.",
    )
    assert case.status == CaseStatus.RESPONDED


def test_missed_coordinator_follow_up_escalates_to_national_admin(
        world, clock, coordinator, national_admin):
    receipt = submit()
    case = receipt.case
    verify_valid(case, coordinator)
    for task in ("follow_up", "follow_up_supervisor"):
        ready_task(case, task)
        clock.advance(timedelta(days=10))
        assert sweep(clock.now()) == 1
        db.session.refresh(case)
    task = ready_task(case, "follow_up_coordinator")
    assert task.due_rule == "escalation_coordinator_2hk"
    clock.advance(timedelta(days=6))
    assert sweep(clock.now()) == 1
    db.session.refresh(case)
    task = ready_task(case, "follow_up_national")
    assert task.lane == "national_admin" and task.form == "follow_up_final"
    assert task.escalation == 3 and case.escalation_level == 3
    assert task.due_rule == "escalation_national_3hk"
    assert case.status == CaseStatus.FOLLOW_UP
    # The coordinator's deadline passed: only the national admin acts now.
    with pytest.raises(NotFound):
        complete(case, "follow_up_national", coordinator, decision="answer", answer="x")
    complete(
        case, "follow_up_national", national_admin, decision="answer", answer="Ditangani pusat."
    )
    assert case.status == CaseStatus.RESPONDED
    reporter_respond(case.tracking_id, receipt.reporter_key, {"action": "accept"})
    assert case.status == CaseStatus.CLOSED


def test_national_deadlines_only_record_lateness(world, clock, national_admin):
    """The last level has nobody above it: its deadline marks the case late, nothing else."""
    case = submit().case
    clock.advance(timedelta(days=10))
    assert sweep(clock.now()) == 1
    db.session.refresh(case)
    task = ready_task(case, "verify_national")
    assert task.due_rule == "escalation_national_3hk"
    clock.advance(timedelta(days=10))
    assert sweep(clock.now()) == 1
    db.session.refresh(case)
    # Still the same task and status: a non-interrupting timer, whose branch ends unseen.
    assert ready_task(case, "verify_national").id == task.id
    assert case.status == CaseStatus.VERIFICATION and case.late
    fired = db.session.execute(
        sa.select(Timer.rule).where(Timer.case_id == case.id, Timer.status == TimerStatus.FIRED)
    ).scalars()
    assert sorted(fired) == ["escalation_national_3hk", "verify_3hk"]
    assert sweep(clock.now()) == 0  # it fires once
    # The instance ends where the national admin sends it, not at the lateness branch's end.
    complete(case, "verify_national", national_admin, decision="archive", reason="Duplikat.")
    assert case.status == CaseStatus.ARCHIVED and case.closed_at is not None
    assert ready_tasks(case) == []


def test_national_lateness_then_the_case_closes_normally(world, clock, liaison, national_admin):
    receipt = submit()
    case = receipt.case
    clock.advance(timedelta(days=10))
    sweep(clock.now())
    clock.advance(timedelta(days=10))
    assert sweep(clock.now()) == 1
    db.session.refresh(case)
    complete(
        case,
        "verify_national",
        national_admin,
        decision="valid",
        summary="Obat kosong",
        unit_code="medan.health",
    )
    assert case.status == CaseStatus.FOLLOW_UP and case.unit.code == "medan.health"
    complete(case, "follow_up", liaison, decision="answer", answer="Sudah.")
    reporter_respond(
        case.tracking_id, receipt.reporter_key, {"action": "accept", "rating": 4}
    )
    assert case.status == CaseStatus.CLOSED and case.rating == 4


def test_reporter_reopens_once_then_the_case_closes(world, coordinator, liaison):
    receipt = submit()
    case = receipt.case
    verify_valid(case, coordinator)
    complete(case, "follow_up", liaison, decision="answer", answer="Sudah.")
    reporter_respond(
        case.tracking_id,
        receipt.reporter_key,
        {"action": "reopen", "comment": "Obat masih kosong hari ini."},
    )
    assert case.status == CaseStatus.FOLLOW_UP and case.reopens == 1
    task = ready_task(case, "follow_up")
    assert task.unit_id == unit_by_code("medan.health").id  # back to the same unit
    complete(case, "follow_up", liaison, decision="answer", answer="Kini ada.")
    # The second round's form has no reopen: asking for one is refused, not a silent close.
    task = ready_task(case, "reporter_response_final")
    assert task.lane == "reporter" and task.form == "reporter_response_final"
    assert task.due_rule == "response_10hk" and case.status == CaseStatus.RESPONDED
    with pytest.raises(InvalidData):
        reporter_respond(
            case.tracking_id, receipt.reporter_key, {"action": "reopen", "comment": "Belum."}
        )
    assert case.status == CaseStatus.RESPONDED and case.reopens == 1
    reporter_respond(
        case.tracking_id,
        receipt.reporter_key,
        {"action": "accept", "rating": 2, "comment": "Lambat, tapi sudah ada."},
    )
    assert case.status == CaseStatus.CLOSED and case.rating == 2


def test_silence_after_the_reopened_follow_up_closes_the_case(world, clock, coordinator, liaison):
    receipt = submit()
    case = receipt.case
    verify_valid(case, coordinator)
    complete(case, "follow_up", liaison, decision="answer", answer="Sudah.")
    reporter_respond(
        case.tracking_id, receipt.reporter_key, {"action": "reopen", "comment": "Belum."}
    )
    complete(case, "follow_up", liaison, decision="answer", answer="Kini ada.")
    ready_task(case, "reporter_response_final")
    clock.advance(timedelta(days=20))
    assert sweep(clock.now()) == 1
    db.session.refresh(case)
    assert case.status == CaseStatus.CLOSED and ready_tasks(case) == []


def test_silence_after_follow_up_closes_the_case(world, clock, coordinator, liaison):
    case = submit().case
    verify_valid(case, coordinator)
    complete(case, "follow_up", liaison, decision="answer", answer="Sudah.")
    clock.advance(timedelta(days=9))  # within 10 working days: still open
    assert sweep(clock.now()) == 0
    clock.advance(timedelta(days=10))
    assert sweep(clock.now()) == 1
    db.session.refresh(case)
    assert case.status == CaseStatus.CLOSED


def test_follow_up_not_our_authority_returns_to_verification(world, coordinator, liaison):
    case = submit().case
    verify_valid(case, coordinator)
    complete(
        case,
        "follow_up",
        liaison,
        decision="not_authority",
        reason="Ini wewenang Dinas PU.",
    )
    assert case.status == CaseStatus.VERIFICATION and case.unit_id is None
    ready_task(case, "verify")
    verify_valid(case, coordinator, unit="medan.works")
    task = ready_task(case, "follow_up")
    assert task.unit_id == unit_by_code("medan.works").id
