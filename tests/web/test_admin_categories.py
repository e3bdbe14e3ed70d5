"""`/admin/categories`: a national admin keeps the category list, and the portal follows it."""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.enums import Role
from tests.factories import create_user
from tests.web.helpers import csrf, login

NEW = {"code": "transport", "name_id": "Transportasi umum", "name_en": "Public transport",
       "position": "70"}


def _add(client, **fields):
    return client.post("/admin/categories",
                       data={"csrf_token": csrf(client, "/admin/categories"), **NEW, **fields})


def _events(kind: str) -> list[CaseEvent]:
    return list(db.session.scalars(sa.select(CaseEvent).where(CaseEvent.kind == kind)))


def _case_payload(category: str) -> dict:
    return {"kind": "complaint", "title": "Bus kota tidak berhenti di halte",
            "description": "Setiap pagi bus kota melewati halte tanpa berhenti.",
            "category": category, "region": "12.71", "confidential": False}


def test_a_category_added_on_the_page_is_offered_and_accepted_then_refused_once_inactive(
        client, other_client, world):
    admin = create_user(Role.NATIONAL_ADMIN)
    login(client, admin)
    assert 'value="transport"' not in other_client.get("/").get_data(as_text=True)
    response = _add(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    (created,) = _events("category_created")
    assert created.actor == f"user:{admin.id}" and created.payload["name_en"] == "Public transport"

    form = other_client.get("/").get_data(as_text=True)
    assert '<option value="transport"' in form and "Transportasi umum" in form
    english = other_client.get("/?lang=en").get_data(as_text=True)
    assert "Public transport" in english
    filed = other_client.post("/api/v1/cases", json=_case_payload("transport"))
    assert filed.status_code == 201, filed.json
    tracking_id = filed.json["tracking_id"]

    token = csrf(client, "/admin/categories")
    off = client.post("/admin/categories/transport/active",
                      data={"csrf_token": token, "active": "0"})
    assert off.status_code == 303
    (deactivated,) = _events("category_deactivated")
    assert deactivated.actor == f"user:{admin.id}"
    assert '<option value="transport"' not in other_client.get("/").get_data(as_text=True)
    refused = other_client.post("/api/v1/cases", json=_case_payload("transport"))
    assert refused.status_code == 422
    assert "tidak aktif" in refused.json["error"]["details"]["category"][0]
    refused_en = other_client.post("/api/v1/cases?lang=en", json=_case_payload("transport"))
    assert refused_en.status_code == 422, refused_en.json
    # The old case keeps its category and its name; the public filter still lists it.
    track = other_client.get(f"/track/{tracking_id}?lang=id").get_data(as_text=True)
    assert "Transportasi umum" in track
    assert 'value="transport"' in other_client.get("/cases").get_data(as_text=True)


def test_a_wrong_category_comes_back_next_to_its_field(client, world):
    login(client, create_user(Role.NATIONAL_ADMIN))
    bad_code = _add(client, code="Bad Code!")
    assert bad_code.status_code == 422
    assert 'id="err-code"' in bad_code.get_data(as_text=True)
    no_name = _add(client, name_id="   ")
    assert no_name.status_code == 422 and 'id="err-name_id"' in no_name.get_data(as_text=True)
    assert _add(client).status_code == 303
    twice = _add(client)
    assert twice.status_code == 422 and "sudah ada" in twice.get_data(as_text=True)
    assert len(_events("category_created")) == 1


def test_editing_a_category_renames_it_everywhere_and_is_audited(client, other_client, world):
    admin = create_user(Role.NATIONAL_ADMIN)
    login(client, admin)
    page = client.get("/admin/categories/health")
    assert page.status_code == 200 and 'value="Kesehatan"' in page.get_data(as_text=True)
    response = client.post("/admin/categories/health", data={
        "csrf_token": csrf(client, "/admin/categories/health"), "name_id": "Layanan kesehatan",
        "name_en": "Health care", "position": "10"})
    assert response.status_code == 303
    (updated,) = _events("category_updated")
    assert updated.actor == f"user:{admin.id}"
    assert updated.payload["changed"] == {"name_id": "Layanan kesehatan", "name_en": "Health care"}
    assert "Layanan kesehatan" in other_client.get("/").get_data(as_text=True)
    assert client.get("/admin/categories/nothing").status_code == 404


def test_only_national_admins_keep_the_categories(client, world):
    assert client.get("/admin/categories").status_code == 302  # to the login page
    for user in (create_user(Role.SYSADMIN), create_user(Role.COORDINATOR, "medan.secretariat"),
                 create_user(Role.AUDITOR), create_user(Role.PROCESS_OWNER)):
        login(client, user)
        assert client.get("/admin/categories").status_code == 403, user.username
        token = csrf(client, "/desk/login")
        assert client.post("/admin/categories",
                           data={"csrf_token": token, **NEW}).status_code == 403
    assert _events("category_created") == []
