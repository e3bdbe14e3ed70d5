"""Tasks at risk: due within a working day, or less time left than the unit's usual."""

from __future__ import annotations

from datetime import timedelta

from domain.cases.at_risk import open_tasks, risks
from domain.db import db
from domain.enums import Role
from tests.domain.lifecycle_support import verify_valid
from tests.factories import complete, create_user, ready_task, submit


def test_a_deadline_within_a_working_day_is_at_risk(world, clock, coordinator):
    case = submit().case
    task = ready_task(case, "verify")  # 3 working days
    assert not risks([task], clock.now())[task.id].at_risk
    risk = risks([task], task.due_at - timedelta(hours=20))[task.id]
    assert risk.at_risk and risk.reason == "one_working_day"


def test_less_time_than_the_units_median_is_at_risk(world, clock, coordinator, liaison):
    for _ in range(3):  # the unit usually needs about three days for a follow-up
        case = submit().case
        verify_valid(case, coordinator)
        task = ready_task(case, "follow_up")
        task.created_at = clock.now() - timedelta(days=3)
        complete(case, "follow_up", liaison, decision="answer", answer="Sudah.")
    db.session.flush()
    fresh = submit().case
    verify_valid(fresh, coordinator)
    task = ready_task(fresh, "follow_up")  # 5 working days left: more than 3 days
    assert not risks([task], clock.now())[task.id].at_risk
    later = task.due_at - timedelta(days=2, hours=12)  # 2.5 days left, > 1 working day
    risk = risks([task], later)[task.id]
    assert risk.usual is not None and abs(risk.usual - timedelta(days=3)) < timedelta(hours=1)
    assert risk.at_risk and risk.reason == "slower_than_usual"


def test_the_supervisor_lists_his_units_tasks_by_time_left(world, coordinator, client):
    first, second = submit().case, submit().case
    verify_valid(first, coordinator)
    verify_valid(second, coordinator)
    supervisor = create_user(Role.SUPERVISOR, "medan.health")
    page = open_tasks(supervisor)
    assert {t.case_id for t in page.items} == {first.id, second.id}
    assert [(t.due_at, t.id) for t in page.items] == sorted((t.due_at, t.id) for t in page.items)
    assert open_tasks(create_user(Role.SUPERVISOR, "medan.works")).items == []
    from tests.web.helpers import login

    login(client, supervisor)
    html = client.get("/desk/at-risk").get_data(as_text=True)
    assert 'id="at-risk"' in html and first.tracking_id[:4] in html
