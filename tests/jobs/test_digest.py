"""Officers who chose the daily digest get one mail a day listing each event's facts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from domain.db import db
from domain.outbox.models import DigestEntry, OutboxMessage
from domain.outbox.preferences import set_notice_mode
from domain.sla.calendar import WIB
from jobs import messages
from jobs.digests import send_digests
from tests.domain.lifecycle_support import verify_valid
from tests.factories import submit
from tests.jobs.support import drain_outbox, sink_lines


@pytest.fixture
def notice_default(app: Flask) -> Iterator:
    original = app.config["ADUAN"]
    yield lambda mode: app.config.__setitem__("ADUAN", replace(original, notice_mode=mode))
    app.config["ADUAN"] = original


def _mails(sinks, to: str) -> list[dict]:
    return [x for x in sink_lines(sinks, "email") if x["to"] == to]


def _at(day: datetime, hour: int, minute: int = 0) -> datetime:
    local = day.astimezone(WIB)
    return datetime(local.year, local.month, local.day, hour, minute, tzinfo=WIB)


def _disposed(coordinator, copies=()) -> str:
    case = submit(reporter=None).case
    verify_valid(case, coordinator, copies=list(copies))
    return case.tracking_id


def test_digest_users_get_one_digest_a_day_and_immediate_users_their_mails(
        world, sinks, clock, coordinator):
    digest_user = world["users"]["liaison.health"]
    set_notice_mode(digest_user, "digest")
    first = _disposed(coordinator, copies=["medan.works"])
    drain_outbox()
    assert _mails(sinks, "liaison.health@aduan.test") == []  # nothing immediate
    assert len(_mails(sinks, "liaison.works@aduan.test")) == 1  # the immediate user's mail
    [entry] = db.session.execute(sa.select(DigestEntry)).scalars()
    due = entry.facts["due_at"]
    tomorrow = clock.now() + timedelta(days=1)
    clock.freeze(_at(tomorrow, 6, 59))
    assert send_digests(at="07:00") == 0  # not yet its hour
    clock.freeze(_at(tomorrow, 7, 0))
    assert send_digests(at="07:00") == 1
    assert send_digests(at="07:00") == 0  # the job run twice: still one digest
    second = _disposed(coordinator)  # after today's digest: tomorrow's
    assert send_digests(at="07:00") == 0
    drain_outbox()
    [digest] = _mails(sinks, "liaison.health@aduan.test")
    assert digest["subject"].startswith("Ringkasan harian Aduan")
    assert first in digest["body"] and second not in digest["body"]
    assert messages.when(due) in digest["body"]
    assert "Tindak lanjut instansi dalam 5 hari kerja sejak disposisi" in digest["body"]
    assert len(_mails(sinks, "liaison.works@aduan.test")) == 1  # no digest for him
    clock.freeze(_at(tomorrow + timedelta(days=1), 7, 5))
    assert send_digests(at="07:00") == 1  # the next day lists the later event
    drain_outbox()
    later = _mails(sinks, "liaison.health@aduan.test")[-1]
    assert second in later["body"] and first not in later["body"]


def test_the_service_default_applies_to_officers_who_never_chose(
        world, sinks, clock, coordinator, notice_default):
    notice_default("digest")
    set_notice_mode(world["users"]["liaison.works"], "immediate")  # his own choice wins
    _disposed(coordinator, copies=["medan.works"])
    drain_outbox()
    assert _mails(sinks, "liaison.health@aduan.test") == []
    assert len(_mails(sinks, "liaison.works@aduan.test")) == 1
    clock.freeze(_at(clock.now() + timedelta(days=1), 8))
    assert send_digests(at="07:00") == 1
    rows = db.session.execute(sa.select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like("digest:%"))).scalars().all()
    assert len(rows) == 1 and rows[0].payload["recipient"].startswith("user:")


def test_a_digest_reads_in_the_officers_language(world, sinks, clock, coordinator):
    user = world["users"]["liaison.health"]
    user.locale = "en"
    set_notice_mode(user, "digest")
    tid = _disposed(coordinator)
    drain_outbox()
    clock.freeze(_at(clock.now() + timedelta(days=1), 9))
    send_digests(at="07:00")
    drain_outbox()
    [digest] = _mails(sinks, "liaison.health@aduan.test")
    assert digest["subject"].startswith("Aduan daily digest")
    assert f"Disposition of report {tid}" in digest["body"] and "Tenggat" not in digest["body"]


def test_the_scheduler_sends_the_digest_through_a_real_worker(
        app, committed_world, worker_app, redis_conn, sinks, clock):
    from domain.enums import Role
    from jobs import queues
    from jobs.worker import make_worker
    from tests.factories import create_user

    coordinator = create_user(Role.COORDINATOR, "medan.secretariat")
    set_notice_mode(committed_world["users"]["liaison.health"], "digest")
    tid = _disposed(coordinator)
    db.session.commit()
    make_worker(worker_app, (queues.NOTIFICATIONS,)).work(burst=True)  # the fan-out
    assert _mails(sinks, "liaison.health@aduan.test") == []
    moment = _at(clock.now() + timedelta(days=1), 7, 30).isoformat()
    for _ in range(2):  # two scheduler passes at the digest hour: one digest
        result = app.test_cli_runner().invoke(args=["scheduler", "--once", "--as-of", moment])
        assert result.exit_code == 0, result.output
    db.session.commit()  # end the test's read before the job's own transaction
    make_worker(worker_app, (queues.NOTIFICATIONS,)).work(burst=True)
    [digest] = _mails(sinks, "liaison.health@aduan.test")
    assert tid in digest["body"] and "Disposisi laporan" in digest["body"]
