"""Categories through the API: the public list, and the national admin's under /admin."""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.enums import Role
from tests.factories import create_user, intake

NEW = {"code": "transport", "name_id": "Transportasi umum", "name_en": "Public transport",
       "position": 70}


def test_the_public_list_has_the_active_categories_in_order(client, world):
    response = client.get("/api/v1/categories?lang=en")
    assert response.status_code == 200
    codes = [c["code"] for c in response.json["items"]]
    assert codes[0] == "health" and codes[-1] == "other" and "whistleblowing" in codes
    health = response.json["items"][0]
    assert health["label"] == "Health" and health["name_id"] == "Kesehatan"
    assert [c["code"] for c in response.json["items"] if c["sensitive"]] == ["whistleblowing"]


def test_a_national_admin_adds_edits_and_deactivates_a_category(client, login, world):
    admin = create_user(Role.NATIONAL_ADMIN)
    headers = login(admin)
    created = client.post("/api/v1/admin/categories", json=NEW, headers=headers)
    assert created.status_code == 201, created.json
    assert created.json["active"] is True and created.json["position"] == 70
    assert client.post("/api/v1/admin/categories", json=NEW, headers=headers).status_code == 409
    assert client.post("/api/v1/cases", json=intake(category="transport")).status_code == 201

    update = {**NEW, "name_en": "Public transit", "active": False}
    update.pop("code")
    changed = client.put("/api/v1/admin/categories/transport", json=update, headers=headers)
    assert changed.status_code == 200 and changed.json["active"] is False
    refused = client.post("/api/v1/cases", json=intake(category="transport"))
    assert refused.status_code == 422
    assert refused.json["error"]["details"]["category"] == [
        "Kategori ini sudah tidak aktif untuk laporan baru; pilih kategori lain."]
    public = [c["code"] for c in client.get("/api/v1/categories").json["items"]]
    assert "transport" not in public
    listed = client.get("/api/v1/admin/categories", headers=headers).json["items"]
    assert {"code": "transport", "active": False}.items() <= next(
        c for c in listed if c["code"] == "transport").items()
    kinds = list(db.session.scalars(sa.select(CaseEvent.kind).where(
        CaseEvent.actor == f"user:{admin.id}", CaseEvent.kind.like("category_%"))))
    assert sorted(kinds) == ["category_created", "category_deactivated", "category_updated"]
    missing = client.put("/api/v1/admin/categories/nothing", json=update, headers=headers)
    assert missing.status_code == 404


def test_an_unknown_category_is_refused_in_words(client, world):
    refused = client.post("/api/v1/cases?lang=en", json=intake(category="astrology"))
    assert refused.status_code == 422
    assert "category" in refused.json["error"]["details"]
    assert refused.json["error"]["details"]["category"][0].startswith("Unknown category")


def test_only_national_admins_change_categories(client, login, world):
    for user in (create_user(Role.SYSADMIN), create_user(Role.COORDINATOR, "medan.secretariat")):
        headers = login(user)
        assert client.get("/api/v1/admin/categories", headers=headers).status_code == 403
        assert client.post("/api/v1/admin/categories", json=NEW,
                           headers=headers).status_code == 403
    assert client.post("/api/v1/admin/categories", json=NEW).status_code == 401


def test_the_openapi_document_lists_the_category_operations(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"get", "post"} <= set(paths["/admin/categories"])
    assert "put" in paths["/admin/categories/{code}"] and "get" in paths["/categories"]


def test_the_verify_task_lists_the_tables_categories_and_takes_a_new_one(client, login, world):
    admin = login(create_user(Role.NATIONAL_ADMIN))
    assert client.post("/api/v1/admin/categories", json=NEW, headers=admin).status_code == 201
    filed = client.post("/api/v1/cases", json=intake()).json
    coordinator = login(create_user(Role.COORDINATOR, "medan.secretariat"))
    tasks = client.get("/api/v1/tasks", headers=coordinator).json["items"]
    task = next(t for t in tasks if t["case"]["tracking_id"] == filed["tracking_id"])
    detail = client.get(f"/api/v1/tasks/{task['id']}", headers=coordinator).json
    category = detail["form"]["schema"]["properties"]["category"]
    assert "transport" in category["enum"] and category["enum"][0] == "health"
    assert detail["form"]["ui"]["enum_labels"]["category"]["transport"]["en"] == "Public transport"
    done = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=coordinator, json={
        "version": detail["version"], "data": {"decision": "valid", "summary": "Obat kosong",
                                               "unit_code": "medan.health",
                                               "category": "transport"}})
    assert done.status_code == 200, done.json
    tracked = client.get(f"/api/v1/cases/{filed['tracking_id']}",
                         headers={"X-Reporter-Key": filed["reporter_key"]}).json
    assert tracked["category"] == "transport"
