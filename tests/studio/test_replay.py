"""Replay: the recorded decisions of finished cases run against a draft (issue 15, point 2).

Cases are closed through the real services (their audit events are what the replay reads);
the draft is saved, never deployed; the clock is the test's and moves, never sleeps.
"""

from __future__ import annotations

from datetime import timedelta

from domain.clock import clock
from domain.db import db
from domain.processes import drafts
from domain.processes.operations import model_by_key
from domain.processes.replay import Recorded, Trace, compare, recorded_cases, replay, summary
from domain.sla.operations import load_calendar
from tests.factories import case_in, complete, reporter_respond, submit
from tests.studio import variants as v

VALID = {"decision": "valid", "summary": "Obat kosong", "unit_code": "medan.health"}


def _draft(bpmn: str, owner):
    return drafts.save_draft(model_by_key("complaint"), bpmn, v.shipped_dmn(), v.review_forms(),
                             actor=owner)


def _closed_after(users, working_days: int):
    """A case verified now, answered `working_days` later (plus an hour), then accepted."""
    receipt = submit()
    complete(receipt.case, "verify", users["verifier"], **VALID)
    verified_at = clock.now()
    calendar = load_calendar()
    target = calendar.add_working_days(verified_at, working_days) + timedelta(hours=1)
    clock.advance(target - clock.now())
    complete(receipt.case, "follow_up", users["liaison.health"], decision="answer", answer="Sudah.")
    reporter_respond(receipt.tracking_id, receipt.reporter_key, {"action": "accept"})
    return receipt.case, verified_at


def test_the_decisions_of_finished_cases_are_read_from_their_audit_events(world):
    closed = case_in("closed")
    case_in("follow_up")  # still running: not a recorded case
    [found] = recorded_cases(model_by_key("complaint").id, 20)
    assert found.tracking_id == closed.tracking_id
    assert [task for _at, task, _data in found.steps] == ["verify", "follow_up",
                                                          "reporter_response"]
    assert found.steps[0][2]["decision"] == "valid" and found.given["kind"] == "complaint"


def test_a_shorter_follow_up_moves_the_recorded_deadline_and_nothing_else(world):
    users = world["users"]
    case, verified_at = _closed_after(users, 0)
    archived = case_in("archived")
    rows = {r.tracking_id: r for r in replay(_draft(v.with_follow_up_days(v.shipped_bpmn(), 4),
                                                    users["owner"]))}
    row, calendar = rows[case.tracking_id], load_calendar()
    assert row.outcome == "deadline", row
    [move] = [m for m in row.moves if m.task == "follow_up"]
    assert move.old_due == calendar.add_working_days(verified_at, 5)
    assert move.new_due == calendar.add_working_days(verified_at, 4)
    assert rows[archived.tracking_id].outcome == "same"


def test_an_answer_on_the_fifth_day_would_have_come_after_the_shorter_deadline(world):
    users = world["users"]
    late, _ = _closed_after(users, 4)  # answered on working day 4 + 1 h: late under 4 days
    [row] = replay(_draft(v.with_follow_up_days(v.shipped_bpmn(), 4), users["owner"]))
    assert row.tracking_id == late.tracking_id
    assert row.outcome == "path", row
    assert "follow_up_late" in row.new_path and "follow_up_late" not in row.old_path


def test_an_added_review_step_stops_the_recorded_path_where_the_reporter_answered(world):
    users = world["users"]
    case, _ = _closed_after(users, 0)
    [row] = replay(_draft(v.with_review_step(v.shipped_bpmn()), users["owner"]))
    assert row.outcome == "path"
    code, values = row.failure
    assert code == "task_not_waiting"
    assert values["task"] == "reporter_response" and values["waiting"] == ["review"]
    assert case.tracking_id == row.tracking_id


def test_the_same_diagram_replays_every_case_the_same(world):
    users = world["users"]
    for status in ("closed", "archived"):
        case_in(status)
    _closed_after(users, 2)
    rows = replay(_draft(v.shipped_bpmn(), users["owner"]))
    assert summary(rows) == {"same": 3, "deadline": 0, "path": 0, "not_replayable": 0}


def test_the_newest_cases_first_and_at_most_the_limit(world):
    first = case_in("closed")
    clock.advance(timedelta(minutes=5))
    second = case_in("closed")
    db.session.flush()
    rows = replay(_draft(v.shipped_bpmn(), world["users"]["owner"]), limit=1)
    assert [r.tracking_id for r in rows] == [second.tracking_id]
    assert first.tracking_id != second.tracking_id


def test_a_draft_that_does_not_compile_has_no_replay(world):
    case_in("closed")
    broken = v.shipped_bpmn().replace("working_days(5)", "working_days(")
    assert replay(_draft(broken, world["users"]["owner"])) is None


def test_a_case_its_own_version_cannot_replay_is_not_blamed_on_the_draft():
    case = Recorded(1, "ABCD-2345", 1, {}, clock.now(), clock.now())
    stuck = Trace(path=["start"], failure=("task_not_waiting", {"step": 2, "task": "verify",
                                                                 "waiting": []}))
    moved = Trace(path=["start", "verify"], end="end_closed")
    row = compare(case, stuck, moved)
    assert row.outcome == "not_replayable" and row.failure == stuck.failure
    open_ended = compare(case, Trace(path=["start"]), moved)
    assert open_ended.outcome == "not_replayable" and open_ended.failure[0] == "baseline_open"
