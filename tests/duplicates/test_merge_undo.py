"""A merge undone the same day (WIB): the duplicate waits in verification again with its old
deadline and task, its reporter follows his own case again, audited; the next day it stands."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import pytest
import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.merging import merge, undo_merge
from domain.cases.models import Case, HumanTask, Timer
from domain.db import db
from domain.enums import CaseStatus, TaskState, TimerStatus
from domain.errors import Conflict
from domain.sla.calendar import WIB
from tests.domain.test_stats_rollup import check as rollup_check
from tests.duplicates.test_duplicates import FIRST, OTHER_REPORTER, SMS, _at
from tests.factories import complete
from tests.jobs.support import drain_outbox
from tests.web.helpers import csrf, login


@pytest.fixture
def morning(clock):
    """Tomorrow 09:00 WIB: the day's end is eight hours away, whatever the real time."""
    tomorrow = clock.now().astimezone(WIB).date() + timedelta(days=1)
    clock.freeze(datetime.combine(tomorrow, time(9), WIB))
    return clock


def _pair():
    primary = _at(0, **FIRST)
    duplicate = _at(100, **SMS, reporter=OTHER_REPORTER)
    return primary, duplicate


def _kinds(case: Case) -> list[str]:
    return list(db.session.execute(sa.select(CaseEvent.kind).where(
        CaseEvent.case_id == case.id).order_by(CaseEvent.id)).scalars())


def _mails_to(sinks, address: str) -> list[dict]:
    path = sinks / "email.log"
    lines = path.read_text().splitlines() if path.exists() else []
    return [m for m in map(json.loads, lines) if m["to"] == address]


def test_an_undo_the_same_day_restores_the_duplicate_and_its_reporter(
        world, coordinator, morning, sinks):
    primary, duplicate = _pair()
    due, task_id = duplicate.due_at, db.session.execute(sa.select(HumanTask.id).where(
        HumanTask.case_id == duplicate.id, HumanTask.spec == "verify")).scalar_one()
    timers = set(db.session.execute(sa.select(Timer.id).where(
        Timer.case_id == duplicate.id, Timer.status == TimerStatus.PENDING)).scalars())
    assert timers
    merge(duplicate, primary, actor=coordinator)
    drain_outbox()
    morning.advance(timedelta(hours=8))  # 17:00 WIB, the same day
    undo_merge(duplicate, actor=coordinator)
    assert duplicate.status == CaseStatus.VERIFICATION and duplicate.duplicate_of_id is None
    assert duplicate.due_at == due and duplicate.closed_at is None
    task = db.session.get(HumanTask, task_id)
    assert task.state == TaskState.READY and task.finished_at is None
    assert {t.id for t in db.session.execute(sa.select(Timer).where(
        Timer.case_id == duplicate.id)).scalars() if t.status == TimerStatus.PENDING} == timers
    assert _kinds(duplicate)[-2:] == ["merge_undone", "status_changed"]
    rollup_check()  # the statistics moved the duplicate back from archived
    assert _kinds(primary)[-1] == "duplicate_unmerged"
    drain_outbox()
    told = len(_mails_to(sinks, "siti@example.org"))
    complete(primary, "verify", coordinator, decision="valid", summary=primary.title,
             unit_code="medan.works")
    drain_outbox()
    assert len(_mails_to(sinks, "siti@example.org")) == told  # no longer follows the primary
    # his own case goes on through its lifecycle: the restored task can be completed
    complete(duplicate, "verify", coordinator, decision="valid", summary=duplicate.title,
             unit_code="medan.works")
    assert duplicate.status == CaseStatus.FOLLOW_UP


def test_the_next_day_the_merge_stands(world, coordinator, morning):
    primary, duplicate = _pair()
    merge(duplicate, primary, actor=coordinator)
    morning.advance(timedelta(hours=15))  # 00:00 WIB the next day
    with pytest.raises(Conflict) as refused:
        undo_merge(duplicate, actor=coordinator)
    assert refused.value.reason == "merge_undo_too_late"
    assert duplicate.status == CaseStatus.ARCHIVED and duplicate.duplicate_of_id == primary.id
    with pytest.raises(Conflict) as never_merged:
        undo_merge(primary, actor=coordinator)
    assert never_merged.value.reason == "merge_not_found"


def test_the_verifier_undoes_on_the_case_page_and_is_refused_in_words_later(
        client, world, coordinator, liaison, morning):
    primary, duplicate = _pair()
    merge(duplicate, primary, actor=coordinator)
    db.session.commit()
    login(client, liaison)  # cannot verify: no button, and the route refuses
    assert 'id="undo-merge"' not in client.get(
        f"/desk/cases/{duplicate.tracking_id}").get_data(as_text=True)
    token = csrf(client, "/desk/")
    assert client.post(f"/desk/cases/{duplicate.tracking_id}/unmerge",
                       data={"csrf_token": token}).status_code == 404
    login(client, coordinator)
    page = client.get(f"/desk/cases/{duplicate.tracking_id}").get_data(as_text=True)
    assert 'id="undo-merge"' in page
    token = csrf(client, f"/desk/cases/{duplicate.tracking_id}")
    answer = client.post(f"/desk/cases/{duplicate.tracking_id}/unmerge",
                         data={"csrf_token": token})
    assert answer.status_code == 303
    assert db.session.get(Case, duplicate.id).status == CaseStatus.VERIFICATION
    merge(db.session.get(Case, duplicate.id), db.session.get(Case, primary.id),
          actor=coordinator)
    db.session.commit()
    morning.advance(timedelta(days=1))
    page = client.get(f"/desk/cases/{duplicate.tracking_id}").get_data(as_text=True)
    assert 'id="undo-merge"' not in page
    refused = client.post(f"/desk/cases/{duplicate.tracking_id}/unmerge",
                          data={"csrf_token": token}, follow_redirects=True)
    assert "hanya dapat dibatalkan pada hari yang sama" in refused.get_data(as_text=True)
    assert db.session.get(Case, duplicate.id).status == CaseStatus.ARCHIVED
