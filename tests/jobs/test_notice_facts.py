"""A notice tells its own event's facts, however late the worker sends it."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from domain.cases.models import Case
from domain.cases.responses import reporter_respond
from domain.db import db
from domain.enums import CaseStatus, OutboxStatus
from domain.outbox.models import OutboxMessage
from jobs import messages, queues
from jobs.worker import make_worker
from tests.factories import sweep
from tests.jobs.support import drain_outbox, sink_lines, to_follow_up, to_responded


def _event(kind: str, to: str | None = None) -> OutboxMessage:
    rows = db.session.execute(sa.select(OutboxMessage).where(OutboxMessage.kind == kind)
                              .order_by(OutboxMessage.id)).scalars()
    return [r for r in rows if to is None or r.payload.get("to") == to][-1]


def test_a_late_sent_notification_cites_the_deadline_of_its_own_event(
        committed_world, worker_app, sinks, clock):
    receipt, case = to_responded(answer="Stok obat sudah dikirim.")
    responded_due = case.due_at
    assert case.due_rule == "response_10hk"
    facts = _event("status_changed", "responded").payload["facts"]
    assert facts["due_at"] == responded_due.isoformat() and facts["due_working_days"] == 10
    db.session.commit()
    # Before any worker runs, the reporter reopens: the case has another status and deadline.
    clock.advance(timedelta(days=1))
    reporter_respond(case.tracking_id, receipt.reporter_key,
                     {"action": "reopen", "comment": "Obat masih kosong."})
    case = db.session.get(Case, case.id)
    assert case.status == CaseStatus.FOLLOW_UP and case.due_at != responded_due
    db.session.commit()
    # The real RQ path: after-commit dispatch queued the rows, a worker drains them.
    for _ in range(3):  # events, then the deliveries they fan out
        make_worker(worker_app, (queues.NOTIFICATIONS,)).work(burst=True)
    sms = [x["text"] for x in sink_lines(sinks, "sms")]
    [told] = [t for t in sms if "Tindak lanjut diberikan" in t]
    assert messages.when(responded_due) in told
    assert "dalam 10 hari kerja setelah tindak lanjut" in told
    assert "Stok obat sudah dikirim." in told  # the answer of its own event
    assert messages.when(case.due_at) not in told
    db.session.expire_all()
    pending = db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.status == OutboxStatus.PENDING,
                                        OutboxMessage.kind.in_(("sms", "email")))).scalar()
    assert pending == 0  # every notice went out (letters have their own queue)


def test_an_escalation_notice_keeps_its_task_and_deadline_after_the_case_moves_on(
        world, sinks, clock):
    _, case = to_follow_up()
    drain_outbox()
    sweep(case.due_at + timedelta(seconds=1))  # to the supervisor: escalation 1 queued
    db.session.refresh(case)
    first_due = case.due_at
    sweep(case.due_at + timedelta(seconds=1))  # and on to the coordinator, before sending
    drain_outbox()
    emails = [x for x in sink_lines(sinks, "email") if x["subject"].startswith("Eskalasi")]
    [to_supervisor] = [x for x in emails if x["to"] == "supervisor.health@aduan.test"]
    assert messages.when(first_due) in to_supervisor["body"]
    assert "Atasan unit menindaklanjuti eskalasi dalam 2 hari kerja" in to_supervisor["body"]
    assert "tingkat 1" in to_supervisor["body"]


def test_an_officer_reads_his_notice_in_english(world, sinks, clock):
    _, case = to_follow_up()
    user = world["users"]["supervisor.health"]
    user.locale = "en"
    drain_outbox()
    sweep(case.due_at + timedelta(seconds=1))
    drain_outbox()
    [mail] = [x for x in sink_lines(sinks, "email") if x["to"] == "supervisor.health@aduan.test"]
    assert mail["subject"] == f"Escalation of report {case.tracking_id}"
    assert "Escalation level 1" in mail["body"] and "Eskalasi" not in mail["body"]


def test_a_row_without_facts_still_renders_from_the_case(world):
    _, case = to_follow_up()
    message = messages.render("status", case, {"to": "follow_up"}, None)
    assert case.tracking_id in message.body and "Sedang ditindaklanjuti" in message.body
    english = messages.render("status", case, {"to": "hold"}, None, "en")
    assert case.tracking_id in english.body and "Laporan" not in english.body


def test_facts_hold_no_personal_data(world):
    to_responded()
    for row in db.session.execute(sa.select(OutboxMessage)).scalars():
        text = json.dumps(row.payload.get("facts", {}))
        assert "Budi" not in text and "budi@" not in text and "62812" not in text
        assert "Stok obat" not in text  # the answer is a reference, quoted when sending


def test_a_reporter_who_said_stop_hears_nothing_on_that_channel(world, sinks):
    from domain.channels.models import OptOut
    from domain.clock import clock

    db.session.add(OptOut(address="budi@example.org", created_at=clock.now()))
    _, case = to_follow_up()
    drain_outbox()
    assert all(x["to"] != "budi@example.org" for x in sink_lines(sinks, "email"))
    texts = [x["text"] for x in sink_lines(sinks, "sms")]  # his number did not say STOP
    assert any("Sedang ditindaklanjuti" in t for t in texts)
    rows = db.session.execute(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "email", OutboxMessage.case_id == case.id)).scalars().all()
    reporter_rows = [r for r in rows if r.payload.get("recipient") == "reporter"]
    assert reporter_rows and all(r.payload.get("suppressed") for r in reporter_rows)


def test_an_event_row_from_before_facts_still_goes_out(world, sinks):
    from domain.outbox import operations as outbox

    _, case = to_follow_up(reporter={"phone": "+6281234567890"})
    drain_outbox()
    # A row as the code before facts wrote it: no `facts`, worded from the case when sent.
    outbox.enqueue("status_changed", "legacy:1", case_id=case.id,
                   payload={"from": "verification", "to": "follow_up"})
    drain_outbox()
    texts = [x["text"] for x in sink_lines(sinks, "sms")]
    assert sum("Sedang ditindaklanjuti" in t and case.tracking_id in t for t in texts) == 2
