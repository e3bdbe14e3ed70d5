"""`/admin/calendar`: national admins and sysadmins keep the working-day calendar."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import Case, HumanTask, Timer
from domain.db import db
from domain.enums import Role, TimerStatus
from domain.sla.calendar import WIB
from domain.sla.models import NonWorkingDay
from domain.sla.operations import load_calendar
from tests.factories import create_user, ready_task, submit
from tests.web.helpers import csrf, login


def _next_working_day(after: date) -> date:
    calendar, day = load_calendar(), after + timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def test_only_national_admins_and_sysadmins_keep_the_calendar(client, world):
    assert client.get("/admin/calendar").status_code == 302  # to the login page
    outsiders = [create_user(Role.LIAISON, "medan.health"),
                 create_user(Role.COORDINATOR, "medan.secretariat"),
                 create_user(Role.PROCESS_OWNER), create_user(Role.AUDITOR),
                 create_user(Role.SUPERVISOR, "medan.health"),
                 create_user(Role.OFFICER, "medan.health")]
    keepers = (Role.NATIONAL_ADMIN, Role.SYSADMIN)
    assert {role for user in outsiders for role in user.roles()} == set(Role) - set(keepers)
    for user in outsiders:
        username = user.username
        login(client, user)
        token = csrf(client, "/desk/login")
        assert client.get("/admin/calendar").status_code == 403, username
        assert client.post("/admin/calendar", data={
            "csrf_token": token, "day": "2026-12-24", "name": "x"}).status_code == 403
        assert client.post("/admin/calendar/remove", data={
            "csrf_token": token, "day": "2026-12-24"}).status_code == 403
    assert db.session.get(NonWorkingDay, date(2026, 12, 24)) is None
    for role in keepers:
        username = create_user(role).username
        login(client, username)
        page = client.get("/admin/calendar?year=2026")
        assert page.status_code == 200, username
        html = page.get_data(as_text=True)
        assert 'id="day-2026-12-25"' in html and "Libur nasional" in html  # Christmas


def test_a_form_without_its_csrf_token_is_refused(client, world, national_admin):
    login(client, national_admin)
    assert client.post("/admin/calendar", data={"day": "2026-12-24",
                                                "name": "Cuti bersama Natal"}).status_code == 400
    assert db.session.get(NonWorkingDay, date(2026, 12, 24)) is None


def test_wrong_input_comes_back_inline_with_what_was_typed(client, world, national_admin):
    login(client, national_admin)
    token = csrf(client, "/admin/calendar")
    bad = client.post("/admin/calendar", data={"csrf_token": token, "day": "24-12-2026",
                                               "name": "Cuti bersama Natal", "year": "2026"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="err-day"' in html and "TTTT-BB-HH" in html and 'id="err-name"' not in html
    assert 'value="24-12-2026"' in html and 'value="Cuti bersama Natal"' in html
    empty = client.post("/admin/calendar", data={"csrf_token": token, "day": "2026-12-24",
                                                 "name": "   "})
    assert empty.status_code == 422
    assert 'id="err-name"' in empty.get_data(as_text=True)
    assert "Nama hari wajib diisi." in empty.get_data(as_text=True)
    assert db.session.get(NonWorkingDay, date(2026, 12, 24)) is None
    english = client.post("/admin/calendar?lang=en", data={"csrf_token": token, "day": "x",
                                                           "name": ""})
    text = english.get_data(as_text=True)
    assert "Invalid date; use the format YYYY-MM-DD." in text and "The name is required." in text


def _dues(case_id: int, task_id: str, timer_id: str) -> set:
    """The deadline as the timer row, the task and the case hold it (read afresh)."""
    return {db.session.get(Timer, timer_id).due_at, db.session.get(HumanTask, task_id).due_at,
            db.session.get(Case, case_id).due_at}


def test_adding_and_removing_a_cuti_bersama_moves_a_running_deadline(client, world, national_admin):
    case = submit().case
    task = ready_task(case, "verify")
    timer = db.session.execute(sa.select(Timer).where(
        Timer.case_id == case.id, Timer.status == TimerStatus.PENDING)).scalar_one()
    ids = (case.id, task.id, timer.id)
    old_due = task.due_at
    day = _next_working_day(timer.created_at.astimezone(WIB).date())
    expected = load_calendar().add_working_days(old_due, 1)
    assert _dues(*ids) == {old_due}

    login(client, national_admin)
    token = csrf(client, "/admin/calendar")
    added = client.post("/admin/calendar", data={"csrf_token": token, "day": day.isoformat(),
                                                 "name": "Cuti bersama (uji)"})
    assert added.status_code == 303
    assert added.headers["Location"].endswith(f"/admin/calendar?year={day.year}")
    page = client.get(added.headers["Location"]).get_data(as_text=True)
    assert f'id="day-{day.isoformat()}"' in page and "Cuti bersama (uji)" in page
    assert "1 tenggat berjalan disesuaikan" in page
    assert db.session.get(NonWorkingDay, day).name == "Cuti bersama (uji)"
    assert _dues(*ids) == {expected}
    events = db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.kind.in_(("deadline_recomputed", "calendar_changed")))
        .order_by(CaseEvent.id)).scalars().all()
    assert [(e.kind, e.case_id, e.actor) for e in events] == [
        ("deadline_recomputed", case.id, f"user:{national_admin.id}"),
        ("calendar_changed", None, f"user:{national_admin.id}")]

    removed = client.post("/admin/calendar/remove", data={"csrf_token": token,
                                                          "day": day.isoformat()})
    assert removed.status_code == 303
    assert "1 tenggat berjalan disesuaikan" in client.get(removed.headers["Location"]).get_data(
        as_text=True)
    assert db.session.get(NonWorkingDay, day) is None
    assert _dues(*ids) == {old_due}

    again = client.post("/admin/calendar/remove", data={"csrf_token": token,
                                                        "day": day.isoformat()})
    assert "Tidak ada cuti bersama pada tanggal itu." in client.get(
        again.headers["Location"]).get_data(as_text=True)
