"""The officer desk over HTTP: login, inbox, task forms, conflicts, scope, notes, identity."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.attachments import store_attachment
from domain.cases.models import Case, CaseNote, HumanTask
from domain.db import db
from domain.enums import CaseStatus, Role
from tests.factories import PASSWORD, complete, create_user, ready_task, submit
from tests.web.helpers import csrf, jpeg_bytes, login, pdf_bytes, png_bytes


def _task_form(case_page: str) -> tuple[str, str]:
    action = re.search(r'action="(/desk/tasks/[^"]+)" class="task-form"', case_page).group(1)
    version = re.search(r'name="version" value="(\d+)"', case_page).group(1)
    return action, version


def _dispose(case: Case, unit: str = "medan.health") -> None:
    complete(case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary=case.title, unit_code=unit)


def _events(case_id: int, kind: str) -> int:
    return db.session.execute(sa.select(sa.func.count(CaseEvent.id)).where(
        CaseEvent.case_id == case_id, CaseEvent.kind == kind)).scalar()


def test_desk_needs_a_login_and_a_right_password(client, world, coordinator):
    response = client.get("/desk/")
    assert response.status_code == 302 and "/desk/login" in response.headers["Location"]
    token = csrf(client, "/desk/login")
    bad = client.post("/desk/login", data={"csrf_token": token, "username": coordinator.username,
                                           "password": "wrong"})
    assert bad.status_code == 401 and "salah" in bad.get_data(as_text=True)
    ok = client.post("/desk/login?next=//evil.example/", data={
        "csrf_token": token, "username": coordinator.username, "password": PASSWORD})
    assert ok.status_code == 303 and ok.headers["Location"] == "/desk/"


def test_inbox_lists_my_tasks_with_overdue_marked_and_pages(client, world, clock, coordinator):
    for i in range(27):
        submit(title=f"Laporan antrean nomor {i}")
    clock.advance(timedelta(days=7))  # every verification deadline (3 working days) passed
    submit(title="Laporan baru yang belum terlambat")
    login(client, coordinator)
    first = client.get("/desk/").get_data(as_text=True)
    assert first.count('class="case-link"') == 25 and first.count('class="overdue"') == 25
    after = re.search(r'href="/desk/\?after=([^"]+)"', first).group(1)
    second = client.get(f"/desk/?after={after.replace('&amp;', '&')}").get_data(as_text=True)
    assert second.count('class="case-link"') == 3
    assert "Laporan baru yang belum terlambat" in second  # latest deadline comes last
    overdue = client.get("/desk/?overdue=1").get_data(as_text=True)
    assert "Laporan baru yang belum terlambat" not in overdue
    assert client.get("/desk/?lane=liaison").get_data(as_text=True).count("case-link") == 0
    login(client, create_user(Role.LIAISON, "medan.works"))
    assert "Tidak ada tugas" in client.get("/desk/").get_data(as_text=True)


def test_task_form_is_rendered_from_the_schema_with_the_routed_unit(client, world, coordinator):
    receipt = submit()
    assert receipt.case.unit is None  # the routing table only suggests the unit
    login(client, coordinator)
    page = client.get(f"/desk/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert 'name="decision" value="valid"' in page and "Valid, disposisikan" in page
    assert '<option value="medan.health" selected>' in page  # prefilled with the routed unit
    assert 'type="checkbox" name="copies"' in page and 'name="question"' in page


def test_invalid_task_data_comes_back_inline_with_the_input(client, world, coordinator):
    receipt = submit()
    login(client, coordinator)
    action, version = _task_form(client.get(f"/desk/cases/{receipt.tracking_id}").get_data(
        as_text=True))
    token = csrf(client, f"/desk/cases/{receipt.tracking_id}")
    response = client.post(action, data={"csrf_token": token, "version": version,
                                         "decision": "hold", "summary": "Ringkasan saya"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="err-question"' in page and "Wajib diisi" in page
    assert 'value="Ringkasan saya"' in page
    assert 'name="decision" value="hold" checked' in page
    assert db.session.get(Case, receipt.case.id).status == CaseStatus.VERIFICATION


def test_completing_a_task_disposes_and_a_second_click_gets_409(client, world, coordinator):
    receipt = submit()
    login(client, coordinator)
    page = client.get(f"/desk/cases/{receipt.tracking_id}").get_data(as_text=True)
    action, version = _task_form(page)
    token = csrf(client, f"/desk/cases/{receipt.tracking_id}")
    form = {"csrf_token": token, "version": version, "decision": "valid",
            "summary": "Obat hipertensi kosong", "unit_code": "medan.health",
            "copies": ["medan.works"], "category": "health"}
    done = client.post(action, data=form)
    assert done.status_code == 303 and done.headers["Location"].endswith("/desk/")
    case = db.session.get(Case, receipt.case.id)
    assert case.status == CaseStatus.FOLLOW_UP and case.title == "Obat hipertensi kosong"
    again = client.post(action, data=form)
    assert again.status_code == 409
    assert 'id="conflict-message"' in again.get_data(as_text=True)


def test_stale_version_gets_409_not_a_double_step(client, world, coordinator):
    receipt = submit()
    login(client, coordinator)
    action, version = _task_form(client.get(f"/desk/cases/{receipt.tracking_id}").get_data(
        as_text=True))
    complete(receipt.case, "verify", coordinator, decision="hold", question="Kapan?")
    token = csrf(client, "/desk/login")
    response = client.post(action, data={"csrf_token": token, "version": version,
                                         "decision": "archive", "reason": "Spam."})
    assert response.status_code == 409
    assert db.session.get(Case, receipt.case.id).status == CaseStatus.HOLD


def test_cases_outside_my_scope_answer_404(client, world, app, liaison):
    receipt = submit()
    attachment = store_attachment(receipt.case, "foto.jpg", io.BytesIO(jpeg_bytes()),
                                  "image/jpeg")
    task = ready_task(receipt.case, "verify")
    for outsider in (create_user(Role.LIAISON, "medan.works"),
                     create_user(Role.COORDINATOR, "dki.secretariat")):
        login(client, outsider)
        token = csrf(client, "/desk/login")
        assert client.get(f"/desk/cases/{receipt.tracking_id}").status_code == 404
        url = f"/desk/cases/{receipt.tracking_id}/attachments/{attachment.id}"
        assert client.get(url).status_code == 404
        assert client.post(f"/desk/tasks/{task.id}", data={
            "csrf_token": token, "version": "1", "decision": "archive", "reason": "x"}
        ).status_code == 404
        assert client.post(f"/desk/cases/{receipt.tracking_id}/notes", data={
            "csrf_token": token, "body": "x"}).status_code == 404
    login(client, liaison)  # the suggested unit, before the disposition: outside
    assert client.get(f"/desk/cases/{receipt.tracking_id}").status_code == 404
    _dispose(receipt.case)
    download = client.get(f"/desk/cases/{receipt.tracking_id}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.mimetype == "image/jpeg"
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()


def test_downloads_take_the_detected_type_never_the_uploaded_name(client, world):
    receipt = submit()
    pdf = store_attachment(receipt.case, "x.html", io.BytesIO(pdf_bytes()), "text/html")
    png = store_attachment(receipt.case, "photo.exe", io.BytesIO(png_bytes()),
                           "application/x-msdownload")
    legacy = store_attachment(receipt.case, "a.pdf", io.BytesIO(pdf_bytes()), "")
    legacy.label = "invoice.html"  # a row stored while labels kept the uploader's extension
    db.session.commit()
    login(client, "verifier")
    for row, mimetype, name in ((pdf, "application/pdf", "x.pdf"),
                                (png, "image/png", "photo.png"),
                                (legacy, "application/pdf", "invoice.pdf")):
        download = client.get(f"/desk/cases/{receipt.tracking_id}/attachments/{row.id}")
        assert download.status_code == 200 and download.mimetype == mimetype
        assert download.headers["Content-Disposition"] == f"attachment; filename={name}"
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        download.close()
    page = client.get(f"/desk/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert ">x.pdf</a>" in page and ">photo.png</a>" in page and "x.html" not in page


def test_internal_notes_stay_off_the_tracking_page(client, world, coordinator):
    receipt = submit(confidential=False)
    login(client, coordinator)
    token = csrf(client, f"/desk/cases/{receipt.tracking_id}")
    empty = client.post(f"/desk/cases/{receipt.tracking_id}/notes",
                        data={"csrf_token": token, "body": "  "})
    assert empty.status_code == 422 and "tidak boleh kosong" in empty.get_data(as_text=True)
    saved = client.post(f"/desk/cases/{receipt.tracking_id}/notes",
                        data={"csrf_token": token, "body": "Cek gudang farmasi dulu."})
    assert saved.status_code == 303
    assert "Cek gudang farmasi dulu." in client.get(
        f"/desk/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert "Cek gudang farmasi dulu." not in client.get(
        f"/track/{receipt.tracking_id}").get_data(as_text=True)


def test_overlong_note_is_refused_with_a_field_error_not_cut(client, world):
    receipt = submit()
    login(client, "verifier")
    token = csrf(client, f"/desk/cases/{receipt.tracking_id}")
    url = f"/desk/cases/{receipt.tracking_id}/notes"
    refused = client.post(url, data={"csrf_token": token, "body": "x" * 1_000_000})
    assert refused.status_code == 422
    assert "paling banyak 8.000 karakter" in refused.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count(CaseNote.id))).scalar() == 0
    client.get("/desk/?lang=en")
    english = client.post(url, data={"csrf_token": token, "body": "x" * 8001})
    assert english.status_code == 422
    assert "at most 8,000 characters" in english.get_data(as_text=True)
    full = client.post(url, data={"csrf_token": token, "body": "y" * 8000})
    assert full.status_code == 303
    assert db.session.execute(sa.select(CaseNote.body)).scalar_one() == "y" * 8000


def test_anonymous_identity_is_hidden_from_the_unit(client, world, liaison):
    receipt = submit(anonymous=True)
    _dispose(receipt.case)
    login(client, liaison)
    page = client.get(f"/desk/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert 'id="identity-hidden"' in page and "Budi Santoso" not in page
    token = csrf(client, f"/desk/cases/{receipt.tracking_id}")
    response = client.post(f"/desk/cases/{receipt.tracking_id}/identity",
                           data={"csrf_token": token})
    assert response.status_code == 403
    assert _events(receipt.case.id, "identity_viewed") == 0


def test_viewing_the_identity_is_explicit_and_audited(client, world, coordinator):
    receipt = submit(anonymous=True)
    login(client, coordinator)
    page = client.get(f"/desk/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert 'id="show-identity"' in page and "Budi Santoso" not in page
    assert _events(receipt.case.id, "identity_viewed") == 0  # a page view reveals nothing
    token = csrf(client, f"/desk/cases/{receipt.tracking_id}")
    shown = client.post(f"/desk/cases/{receipt.tracking_id}/identity",
                        data={"csrf_token": token, "reason": "Verifikasi laporan"})
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    assert "Budi Santoso" in shown.get_data(as_text=True)
    assert _events(receipt.case.id, "identity_viewed") == 1


def test_reassign_within_the_unit(client, world, liaison):
    receipt = submit()
    complete(receipt.case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary="Obat kosong", unit_code="medan.health")
    task = ready_task(receipt.case, "follow_up")
    supervisor = create_user(Role.SUPERVISOR, "medan.health")
    login(client, liaison)
    token = csrf(client, f"/desk/cases/{receipt.tracking_id}")
    refused = client.post(f"/desk/tasks/{task.id}/reassign",
                          data={"csrf_token": token, "assignee": str(supervisor.id)})
    assert refused.status_code == 303  # a supervisor does not work the liaison lane
    assert db.session.get(HumanTask, task.id).assignee_id is None
    moved = client.post(f"/desk/tasks/{task.id}/reassign",
                        data={"csrf_token": token, "assignee": str(liaison.id)})
    assert moved.status_code == 303
    assert db.session.get(HumanTask, task.id).assignee_id == liaison.id
    assert _events(receipt.case.id, "task_reassigned") == 1


def test_desk_in_english(client, world, coordinator):
    receipt = submit()
    login(client, coordinator)
    page = client.get(f"/desk/cases/{receipt.tracking_id}?lang=en").get_data(as_text=True)
    assert "Verification decision" in page and "Valid, dispose" in page
    assert "Internal notes" in page


def test_case_search_stays_in_scope(client, world, liaison):
    mine = submit(title="Antrean panjang di puskesmas", category="health")
    other = submit(title="Jalan rusak di Jakarta Pusat", category="roads", region="31.71")
    _dispose(mine.case)
    login(client, liaison)
    page = client.get("/desk/cases").get_data(as_text=True)
    assert "Antrean panjang di puskesmas" in page and "Jalan rusak di Jakarta" not in page
    assert client.get(f"/desk/cases?id={other.tracking_id}").status_code == 404
    jump = client.get(f"/desk/cases?id={mine.tracking_id}")
    assert jump.status_code == 302 and jump.headers["Location"].endswith(mine.tracking_id)
