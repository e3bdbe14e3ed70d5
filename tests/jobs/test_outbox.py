"""Notifications leave through the outbox after commit: fanned out, retried, sent once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from domain.db import db
from domain.enums import OutboxStatus, Role
from domain.outbox.models import OutboxMessage
from jobs.outbox import MAX_ATTEMPTS, backoff, process
from tests.factories import complete, create_user, submit, sweep
from tests.jobs.fakes import http_recorder, smtp_server
from tests.jobs.support import drain_outbox, to_follow_up


def _lines(folder, channel: str) -> list[dict]:
    path = folder / f"{channel}.log"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def _rows(kind: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.execute(query).scalars())


@pytest.fixture
def settings_override(app: Flask) -> Iterator:
    original = app.config["ADUAN"]

    def override(**changes):
        app.config["ADUAN"] = replace(original, **changes)

    yield override
    app.config["ADUAN"] = original


def test_receipt_reaches_the_reporter_with_the_key_once_and_the_key_is_scrubbed(world, sinks):
    receipt = submit()
    drain_outbox()
    [email], [sms] = _lines(sinks, "email"), _lines(sinks, "sms")
    assert email["to"] == "budi@example.org" and sms["to"] == "+6281234567890"
    for text in (email["body"], sms["text"]):
        assert receipt.tracking_id in text and receipt.reporter_key in text
    rows = _rows()
    assert {r.status for r in rows} == {OutboxStatus.SENT}
    assert all("reporter_key" not in r.payload for r in rows)
    assert drain_outbox() == []  # nothing left: a second pass sends nothing


def test_a_reporter_without_contact_gets_no_message(world, sinks):
    submit(reporter=None)
    drain_outbox()
    assert _lines(sinks, "email") == [] and _lines(sinks, "sms") == []


def test_hold_tells_the_reporter_what_is_needed_and_by_when(world, sinks):
    case = submit().case
    complete(case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"), decision="hold",
             question="Mohon sebutkan nama puskesmas.")
    drain_outbox()
    texts = [x["text"] for x in _lines(sinks, "sms")]
    assert any("ditunda" in t and "Pelapor melengkapi laporan dalam 10 hari kerja" in t
               for t in texts), texts


def test_escalations_notify_the_officers_who_can_act(world, sinks, clock):
    _, case = to_follow_up()
    drain_outbox()
    sweep(case.due_at + timedelta(seconds=1))  # missed follow-up: to the unit's supervisor
    drain_outbox()
    emails = [x for x in _lines(sinks, "email") if x["subject"].startswith("Eskalasi")]
    assert [x["to"] for x in emails] == ["supervisor.health@aduan.test"]
    assert case.tracking_id in emails[0]["body"]
    assert "Atasan unit menindaklanjuti eskalasi dalam 2 hari kerja" in emails[0]["body"]
    assert "Budi" not in emails[0]["body"]

    db.session.refresh(case)
    sweep(case.due_at + timedelta(seconds=1))  # then to the agency coordinator
    drain_outbox()
    emails = [x["to"] for x in _lines(sinks, "email") if x["subject"].startswith("Eskalasi")]
    assert emails == ["supervisor.health@aduan.test", "verifier@aduan.test"]


def test_missed_verification_notifies_the_national_admin(world, sinks):
    case = submit().case
    sweep(case.due_at + timedelta(seconds=1))
    drain_outbox()
    emails = [x["to"] for x in _lines(sinks, "email") if x["subject"].startswith("Eskalasi")]
    assert emails == ["admin@aduan.test"]


def test_failures_back_off_then_give_up_and_forget_the_key(world, clock, settings_override):
    with http_recorder(status=500) as gateway:
        settings_override(sms_gateway_url=gateway["url"])
        submit(reporter={"phone": "+6281234567890"})
        drain_outbox()
        [sms] = _rows("sms")
        for attempt in range(1, MAX_ATTEMPTS):
            db.session.refresh(sms)
            assert sms.status == OutboxStatus.PENDING and sms.attempts == attempt
            assert sms.next_attempt_at == clock.now() + backoff(attempt)
            assert "500" in sms.last_error and "reporter_key" in sms.payload
            assert process(sms.id) == "not due, taken or done"  # not yet due
            clock.freeze(sms.next_attempt_at)
            process(sms.id)
        db.session.refresh(sms)
        assert sms.status == OutboxStatus.FAILED and sms.attempts == MAX_ATTEMPTS
        assert "reporter_key" not in sms.payload
        assert len(gateway["requests"]) == MAX_ATTEMPTS
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 8)] == [30, 60, 120, 3600]


def test_a_sent_message_is_never_sent_again(world, settings_override):
    with http_recorder(status=200) as gateway:
        settings_override(sms_gateway_url=gateway["url"])
        submit(reporter={"phone": "+6281234567890"})
        drain_outbox()
        [sms] = _rows("sms")
        assert process(sms.id) == "not due, taken or done"
        assert len(gateway["requests"]) == 1
        method, _path, body = gateway["requests"][0]
        assert method == "POST" and json.loads(body)["to"] == "+6281234567890"


@pytest.mark.postgres_only
def test_eight_concurrent_deliveries_of_one_message_send_it_once(committed_world, worker_app,
                                                                 settings_override):
    with http_recorder(status=200) as gateway:
        settings_override(sms_gateway_url=gateway["url"])
        submit(reporter={"phone": "+6281234567890"})
        db.session.commit()
        [receipt] = _rows("receipt")
        process(receipt.id)
        [sms] = _rows("sms")
        db.session.commit()
        barrier, results = threading.Barrier(8), []

        def deliver() -> None:
            from jobs.outbox import process_outbox_job

            barrier.wait(timeout=10)
            results.append(process_outbox_job(sms.id))

        threads = [threading.Thread(target=deliver) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert results.count("sent") == 1, results
        assert len(gateway["requests"]) == 1


def test_email_over_smtp_and_errors_without_addresses(world, settings_override, caplog):
    with smtp_server() as server:
        settings_override(smtp_url=f"smtp://127.0.0.1:{server['port']}?from=aduan@medan.test")
        receipt = submit(reporter={"email": "budi@example.org"})
        drain_outbox()
        [message] = server["messages"]
        assert [r.upper() for r in message["rcpt"]] == ["RCPT TO:<BUDI@EXAMPLE.ORG>"]
        assert "From: aduan@medan.test" in message["data"]
        assert receipt.tracking_id in message["data"]
    with smtp_server(refuse_rcpt="550 5.1.1 <budi@example.org>: no such user") as server:
        settings_override(smtp_url=f"smtp://127.0.0.1:{server['port']}")
        submit(reporter={"email": "budi@example.org"})
        drain_outbox()
        failed = [r for r in _rows("email") if r.attempts == 1 and r.status == OutboxStatus.PENDING]
        assert len(failed) == 1 and "SMTPRecipientsRefused" in failed[0].last_error
        assert "budi@example.org" not in failed[0].last_error
    assert "budi" not in caplog.text.lower() and "628123" not in caplog.text
