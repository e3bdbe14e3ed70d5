"""The deadline preview of a draft, and the migration that does what it predicted."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale

from domain.audit.models import CaseEvent
from domain.cases.models import Timer
from domain.clock import clock
from domain.db import db
from domain.enums import Role, TimerStatus
from domain.processes import drafts
from domain.processes.migration import migrate_cases
from domain.processes.operations import model_by_key
from domain.processes.preview import deadline_preview
from domain.sla.operations import load_calendar
from tests.factories import complete, ready_task, submit, sweep
from tests.studio import variants as v
from tests.studio.helpers import deploy_edit, make_user
from wording import preview as words


def _at_follow_up(users):
    case = submit().case
    complete(case, "verify", users["verifier"], decision="valid", summary="Obat kosong",
             unit_code="medan.health")
    return case


def _follow_up_timer(case) -> Timer:
    return db.session.execute(sa.select(Timer).where(
        Timer.case_id == case.id, Timer.spec == "follow_up_late",
        Timer.status == TimerStatus.PENDING)).scalar_one()


def _preview(bpmn, owner):
    draft = drafts.save_draft(model_by_key("complaint"), bpmn, v.shipped_dmn(), actor=owner)
    review = drafts.review(draft, actor=owner)
    return deadline_preview(review["base"], review["meta"], review["plain"], clock.now())


def test_a_shorter_follow_up_is_read_on_the_calendar_and_on_running_cases(world):
    users = world["users"]
    waiting, _other = _at_follow_up(users), submit().case
    timer = _follow_up_timer(waiting)
    assert timer.working_days == 5
    preview = _preview(v.with_follow_up_days(v.shipped_bpmn(), 4), users["owner"])

    calendar, now = load_calendar(), clock.now()
    [change] = preview.timers
    assert (change.element_id, change.old_days, change.new_days) == ("follow_up_late", 5, 4)
    assert change.new_due == calendar.add_working_days(now, 4)
    assert change.old_due == calendar.add_working_days(now, 5)
    assert (preview.version, preview.running, preview.moved) == (1, 2, 1)
    [move] = preview.moves
    assert move.tracking_id == waiting.tracking_id and move.old_due == timer.due_at
    assert move.new_due == calendar.add_working_days(timer.created_at, 4)
    with force_locale("en"):
        sentence = words.timer_sentence(change)
        new_day, old_day = words.day(change.new_due), words.day(change.old_due)
    assert sentence.startswith("“Tindak lanjut unit”: 5 → 4 working days. A task that starts "
                               "today")
    assert f"is due {new_day} instead of {old_day}." in sentence


def test_an_unchanged_deadline_moves_nothing(world):
    users = world["users"]
    _at_follow_up(users)
    preview = _preview(v.renamed(v.shipped_bpmn(), "verify", "Verifikasi"), users["owner"])
    assert (preview.timers, preview.running, preview.moved, preview.moves) == ([], 1, 0, [])


def test_migration_moves_the_deadline_the_preview_predicted(world):
    users = world["users"]
    waiting = _at_follow_up(users)
    predicted = _preview(v.with_follow_up_days(v.shipped_bpmn(), 4), users["owner"]).moves[0]
    second = make_user("owner.two", Role.PROCESS_OWNER)
    v2 = deploy_edit(v.with_follow_up_days(v.shipped_bpmn(), 4), users["owner"], second)
    report = migrate_cases(world["version"], v2, second)
    assert report.migrated == [waiting.tracking_id]

    timer = _follow_up_timer(waiting)
    assert (timer.due_at, timer.working_days) == (predicted.new_due, 4)
    assert ready_task(waiting, "follow_up").due_at == predicted.new_due
    assert waiting.due_at == predicted.new_due
    event = db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.case_id == waiting.id).order_by(CaseEvent.seq.desc()).limit(1)).scalar_one()
    assert event.kind == "case_migrated"
    assert event.payload["deadlines"][0]["to"] == predicted.new_due.isoformat()

    # The escalation waits for the new deadline and fires at it.
    assert sweep(predicted.new_due - timedelta(hours=12)) == 0
    sweep(predicted.new_due)
    ready_task(waiting, "follow_up_supervisor")
