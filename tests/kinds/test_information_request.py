"""Information requests under UU 14/2008, driven through the real engine on the controlled
clock: the answer within 10 working days, one extension of 7, a rejection citing its
exemption, an objection with its own deadline; a second extension is refused."""

from __future__ import annotations

import pytest

from domain.cases.responses import reporter_respond
from domain.db import db
from domain.enums import CaseStatus, Role
from domain.errors import DomainError, InvalidData
from tests.factories import complete, create_user, ready_task, ready_tasks, submit, sweep
from tests.kinds.support import IR, advance_to, move_to, working_days

REASON = "Data masih dihimpun dari 39 puskesmas."


def test_extended_once_answered_within_17_working_days_second_extension_refused(
        world, clock, coordinator):
    receipt = submit(**IR)
    case = receipt.case
    filed = case.submitted_at
    first = ready_task(case, "ir_answer")
    assert case.status == CaseStatus.FOLLOW_UP and first.lane == "coordinator"
    assert first.due_rule == "information_answer_10hk" and first.due_working_days == 10
    assert working_days(filed, first.due_at) == 10
    assert advance_to(clock, filed, 8) == 0  # nothing due before the 10th working day
    complete(case, "ir_answer", coordinator, decision="extend", reason=REASON)
    extended = ready_task(case, "ir_answer_extended")
    assert extended.due_rule == "information_extension_7hk" and extended.due_working_days == 7
    assert working_days(filed, extended.due_at) <= 17
    with pytest.raises(InvalidData) as refused:
        complete(case, "ir_answer_extended", coordinator, decision="extend", reason="Lagi.")
    assert "hanya dapat diberikan satu kali" in refused.value.details["decision"]
    assert ready_task(case, "ir_answer_extended").id == extended.id  # still waiting
    assert advance_to(clock, filed, 14) == 0
    complete(case, "ir_answer_extended", coordinator, decision="answer",
             answer="Terlampir rincian anggaran obat dari 39 puskesmas.")
    assert working_days(filed, clock.now()) <= 17
    assert case.status == CaseStatus.RESPONDED and not case.late
    window = ready_task(case, "ir_response")
    assert window.due_rule == "information_objection_filing_30hk"
    reporter_respond(case.tracking_id, receipt.reporter_key, {"action": "accept"})
    assert case.status == CaseStatus.CLOSED


def test_a_missed_extension_goes_to_the_ppid_superior(world, clock, coordinator):
    case = submit(**IR).case
    complete(case, "ir_answer", coordinator, decision="extend", reason=REASON)
    extended = ready_task(case, "ir_answer_extended")
    assert move_to(clock, extended.due_at, -1) == 0
    assert move_to(clock, extended.due_at, 1) == 1
    db.session.refresh(case)
    escalated = ready_task(case, "ir_answer_supervisor")
    assert escalated.lane == "supervisor" and case.late and case.escalation_level == 1
    assert escalated.form == "information_answer_extended"  # no extension offered there
    supervisor = create_user(Role.SUPERVISOR, "medan.secretariat")  # the agency's top unit
    with pytest.raises(InvalidData):
        complete(case, "ir_answer_supervisor", supervisor, decision="extend", reason=REASON)
    complete(case, "ir_answer_supervisor", supervisor, decision="answer", answer="Terlampir.")
    assert case.status == CaseStatus.RESPONDED


def test_a_rejection_cites_its_exemption_and_an_objection_gets_its_own_deadline(
        world, clock, coordinator):
    receipt = submit(**IR)
    case = receipt.case
    with pytest.raises(InvalidData) as missing:
        complete(case, "ir_answer", coordinator, decision="reject", reason="Rahasia.")
    assert "exemption" in missing.value.details
    complete(case, "ir_answer", coordinator, decision="reject", exemption="17h",
             reason="Data memuat rekam medis pasien.")
    assert case.status == CaseStatus.RESPONDED
    reporter_respond(case.tracking_id, receipt.reporter_key,
                     {"action": "object", "ground": "refused",
                      "comment": "Saya minta data tanpa nama pasien."})
    objection = ready_task(case, "ir_objection")
    assert objection.lane == "supervisor" and case.status == CaseStatus.FOLLOW_UP
    assert objection.due_rule == "information_objection_answer_30hk"
    assert working_days(objection.created_at, objection.due_at) == 30
    assert move_to(clock, objection.due_at, -1) == 0
    assert move_to(clock, objection.due_at, 1) == 1  # late, still waiting
    db.session.refresh(case)
    assert case.late and ready_task(case, "ir_objection").id == objection.id
    supervisor = create_user(Role.SUPERVISOR, "medan.secretariat")
    complete(case, "ir_objection", supervisor, decision="grant",
             answer="Data diberikan tanpa identitas pasien.")
    assert case.status == CaseStatus.CLOSED and ready_tasks(case) == []
    assert sweep(clock.now()) == 0


def test_only_the_agencys_own_supervisors_answer_for_the_ppid(world, clock, coordinator):
    """The escalated answer sits at the agency's top unit: a unit's supervisor below it, or
    another agency's, may not act; the Sekretariat's supervisor (the PPID's superior) may."""
    case = submit(**IR).case
    assert move_to(clock, ready_task(case, "ir_answer").due_at, 1) == 1
    db.session.refresh(case)
    task = ready_task(case, "ir_answer_supervisor")
    for outsider in (create_user(Role.SUPERVISOR, "medan.health"),
                     create_user(Role.SUPERVISOR, "dki.secretariat")):
        with pytest.raises(DomainError):
            complete(case, "ir_answer_supervisor", outsider, decision="answer", answer="x")
    assert ready_task(case, "ir_answer_supervisor").id == task.id
    superior = create_user(Role.SUPERVISOR, "medan.secretariat")
    complete(case, "ir_answer_supervisor", superior, decision="answer", answer="Terlampir.")
    assert case.status == CaseStatus.RESPONDED
