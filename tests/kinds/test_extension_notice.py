"""An extended information request tells the requester on his own channel (UU 14/2008 pasal
22(8): one extension of at most 7 working days, with a written notice and its reason).

The diagram marks `ir_answer_extended` with `reporter_notice=extended`; the projection
records one `reporter_notice` event with the new task's own deadline and a reference to the
completion that holds the reason; the outbox delivers it like a status notice."""

from __future__ import annotations

import json

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.enums import Role
from domain.outbox.models import OutboxMessage
from engine.lint import lint_bpmn
from engine.xmlsafe import parse_xml
from jobs import messages, queues
from jobs.worker import make_worker
from tests.engine.lint_support import FORMS, GOOD, RULES, assert_issue
from tests.factories import complete, create_user, ready_task, submit
from tests.jobs.fixtures import committed_world, sinks, worker_app  # noqa: F401
from tests.jobs.support import drain_outbox, sink_lines, to_responded
from tests.kinds.support import IR, working_days

REASON = "Data masih dihimpun dari 39 puskesmas."


def _notices(case_id: int | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).where(OutboxMessage.kind == "reporter_notice")
    if case_id is not None:
        query = query.where(OutboxMessage.case_id == case_id)
    return list(db.session.execute(query.order_by(OutboxMessage.id)).scalars())


def _told(folder) -> list[str]:
    """Every text that reached the reporter's sinks (SMS texts and e-mail bodies)."""
    return [x["text"] for x in sink_lines(folder, "sms")] + \
        [x["body"] for x in sink_lines(folder, "email") if x["to"] == "budi@example.org"]


def _extend(coordinator):
    case = submit(**IR).case
    complete(case, "ir_answer", coordinator, decision="extend", reason=REASON)
    return case, ready_task(case, "ir_answer_extended")


def test_an_extension_records_one_notice_with_its_deadline_and_reason(
        world, clock, coordinator):
    case, extended = _extend(coordinator)
    [event] = _notices(case.id)
    facts = event.payload["facts"]
    assert facts["notice"] == "extended" and facts["tid"] == case.tracking_id
    assert facts["due_at"] == extended.due_at.isoformat()
    assert facts["due_rule"] == "information_extension_7hk" and facts["due_working_days"] == 7
    assert working_days(clock.now(), extended.due_at) == 7  # 7 working days from the extension
    completion = db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.seq == facts["reason_seq"])).scalar_one()
    assert completion.kind == "task_completed" and completion.payload["data"]["reason"] == REASON
    assert REASON not in json.dumps(facts)  # a reference, quoted when sending
    complete(case, "ir_answer_extended", coordinator, decision="answer", answer="Terlampir.")
    assert len(_notices(case.id)) == 1  # the answer that follows tells its own status only


def test_the_delivered_notice_quotes_the_reason_and_the_new_deadline(
        world, clock, coordinator, sinks):  # noqa: F811
    case, extended = _extend(coordinator)
    drain_outbox()
    told = [t for t in _told(sinks) if "diperpanjang" in t]
    assert len(told) == 2  # once by SMS, once by e-mail
    for text in told:
        assert case.tracking_id in text and REASON in text
        assert messages.when(extended.due_at) in text
    english = messages.render("reporter_notice", case, _notices(case.id)[0].payload, None, "en")
    assert "extended once" in english.body and "Reason: " + REASON in english.body


def test_nothing_is_told_without_an_extension(world, clock, coordinator):
    case = submit(**IR).case
    complete(case, "ir_answer", coordinator, decision="answer", answer="Terlampir.")
    to_responded()  # a complaint, answered
    assert _notices() == []


def test_a_requester_who_said_stop_is_not_told(world, clock, coordinator, sinks):  # noqa: F811
    from domain.channels.models import OptOut

    for address in ("budi@example.org", "+6281234567890"):
        db.session.add(OptOut(address=address, created_at=clock.now()))
    case, _ = _extend(coordinator)
    drain_outbox()
    assert not [t for t in _told(sinks) if "diperpanjang" in t]
    rows = db.session.execute(sa.select(OutboxMessage).where(
        OutboxMessage.case_id == case.id, OutboxMessage.kind.in_(("sms", "email")))).scalars()
    told = [r for r in rows if r.payload.get("template") == "reporter_notice"]
    assert len(told) == 2 and all(r.payload.get("suppressed") for r in told)


def test_a_real_worker_delivers_the_extension_notice(
        committed_world, worker_app, sinks, clock):  # noqa: F811
    from domain.processes.operations import deploy_every_shipped

    deploy_every_shipped()
    db.session.commit()
    case, extended = _extend(create_user(Role.COORDINATOR, "medan.secretariat"))
    due = extended.due_at
    db.session.commit()
    for _ in range(3):  # the event, then the deliveries it fans out
        make_worker(worker_app, (queues.NOTIFICATIONS,)).work(burst=True)
    [sms] = [x["text"] for x in sink_lines(sinks, "sms") if "diperpanjang" in x["text"]]
    assert REASON in sms and messages.when(due) in sms and case.tracking_id in sms
    assert "7 hari kerja" in sms  # the rule of the new deadline, cited


def test_the_lint_knows_the_reporter_notice_kinds():
    one = '<spiffworkflow:property name="escalation" value="1" />'
    marked = GOOD.replace(one, one + '<spiffworkflow:property name="reporter_notice" '
                          'value="extended" />')
    assert marked != GOOD
    assert_issue(marked.replace('"extended"', '"shouted"'), "escalate",
                 "reporter_notice property must be one of extended")
    from domain.processes.vocabulary import VOCABULARY

    assert lint_bpmn(parse_xml(marked), known_forms=FORMS, known_rules=RULES,
                     vocabulary=VOCABULARY) == []
