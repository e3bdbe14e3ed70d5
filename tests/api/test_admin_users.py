"""`/api/v1/admin/users`: accounts and role memberships, and the scope rule (issue 9): a
Bandung coordinator cannot touch Medan's units or users, and cannot tell they exist."""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from tests.api.admin_support import build_bandung, error_reason, post

MEDAN_TARGETS = [
    ("get", "/units/medan.health"), ("patch", "/units/medan.health"),
    ("post", "/units/medan.health/deactivate"), ("get", "/users/liaison.health"),
    ("patch", "/users/liaison.health"), ("post", "/users/liaison.health/deactivate"),
    ("post", "/users/liaison.health/memberships"), ("get", "/agencies/pemkot-medan"),
    ("get", "/units?agency=pemkot-medan"), ("get", "/users?unit=medan.health"),
    ("get", "/users/admin"), ("get", "/units/no.such.unit"),
]


def test_a_bandung_coordinator_cannot_touch_medan_s_units_or_users(client, world, login):
    coordinator = build_bandung(client, login("admin"))
    for method, path in MEDAN_TARGETS:
        response = getattr(client, method)(f"/api/v1/admin{path}", headers=coordinator,
                                           json={"name": "Diambil alih", "role": "liaison",
                                                 "unit": "bandung.health"})
        assert response.status_code == 404, (method, path, response.json)
        assert response.json["error"]["code"] == "not_found"
    missing = client.get("/api/v1/admin/units/no.such.unit", headers=coordinator).json
    medan = client.get("/api/v1/admin/units/medan.health", headers=coordinator).json
    assert missing == medan  # existence does not leak, not even in the wording
    under_medan = client.post("/api/v1/admin/units", headers=coordinator, json={
        "code": "bandung.x", "parent": "medan.secretariat", "name": "Unit di Medan"})
    assert under_medan.status_code == 422 and "parent" in error_reason(under_medan)
    medan_member = client.post("/api/v1/admin/users", headers=coordinator, json={
        "username": "penyusup", "name": "Penyusup", "role": "liaison", "unit": "medan.health"})
    assert medan_member.status_code == 422 and "unit" in error_reason(medan_member)
    units = client.get("/api/v1/admin/units", headers=coordinator).json["items"]
    assert {u["code"] for u in units} == {"bandung.secretariat", "bandung.health"}
    users = client.get("/api/v1/admin/users", headers=coordinator).json["items"]
    assert [u["username"] for u in users] == ["koordinator.bandung"]
    agencies = client.get("/api/v1/admin/agencies", headers=coordinator).json["items"]
    assert [a["code"] for a in agencies] == ["pemkot-bandung"]
    assert client.get("/api/v1/admin/units/medan.health", headers=login("admin")).json[
        "name"] == "Dinas Kesehatan Kota Medan"  # unchanged


def test_a_coordinator_manages_his_own_agency_but_not_agencies_or_national_roles(
        client, world, login):
    coordinator = build_bandung(client, login("admin"))
    unit = post(client, coordinator, "/units", {"code": "bandung.works", "name": "DSDABM",
                                                "parent": "bandung.secretariat"})
    assert unit["agency"] == "pemkot-bandung" and unit["region"] == "32.73"
    liaison = post(client, coordinator, "/users", {
        "username": "penghubung.dinkes.bandung", "name": "Penghubung Dinkes",
        "email": "dinkes@bandung.go.id", "role": "liaison", "unit": "bandung.health"})
    assert liaison["memberships"] == [{"id": liaison["memberships"][0]["id"], "role": "liaison",
                                       "unit": "bandung.health"}]
    for body in ({"role": "national_admin"}, {"role": "auditor", "unit": "bandung.health"}):
        refused = client.post("/api/v1/admin/users/penghubung.dinkes.bandung/memberships",
                              headers=coordinator, json=body)
        assert refused.status_code == 403, body
    assert client.post("/api/v1/admin/agencies", headers=coordinator, json={
        "code": "pemkot-cimahi", "name": "Pemkot Cimahi"}).status_code == 403
    assert client.patch("/api/v1/admin/agencies/pemkot-bandung", headers=coordinator,
                        json={"region": "32"}).status_code == 403
    assert client.get("/api/v1/admin/org/export", headers=coordinator).status_code == 403
    renamed = client.patch("/api/v1/admin/users/penghubung.dinkes.bandung", headers=coordinator,
                           json={"name": "Penghubung Dinas Kesehatan", "email": ""})
    assert renamed.status_code == 200
    assert (renamed.json["name"], renamed.json["email"]) == ("Penghubung Dinas Kesehatan", None)
    self_off = client.post("/api/v1/admin/users/koordinator.bandung/deactivate",
                           headers=coordinator)
    assert self_off.status_code == 409 and error_reason(self_off)["reason"] == (
        "cannot_deactivate_self")


def test_roles_are_granted_and_revoked_with_an_audited_event_each(client, world, login):
    admin = login("admin")
    coordinator = build_bandung(client, admin)
    path = "/users/koordinator.bandung/memberships"
    granted = post(client, coordinator, path, {"role": "supervisor", "unit": "bandung.health"})
    assert {(m["role"], m["unit"]) for m in granted["memberships"]} == {
        ("coordinator", "bandung.secretariat"), ("supervisor", "bandung.health")}
    twice = client.post(f"/api/v1/admin{path}", headers=coordinator,
                        json={"role": "supervisor", "unit": "bandung.health"})
    assert twice.status_code == 409
    unknown = client.post(f"/api/v1/admin{path}", headers=coordinator,
                          json={"role": "kepala", "unit": "bandung.health"})
    assert unknown.status_code == 422 and "role" in error_reason(unknown)
    needs_unit = client.post(f"/api/v1/admin{path}", headers=admin, json={"role": "liaison"})
    assert needs_unit.status_code == 422 and "unit" in error_reason(needs_unit)
    supervisor = next(m for m in granted["memberships"] if m["role"] == "supervisor")
    revoked = client.delete(f"/api/v1/admin{path}/{supervisor['id']}", headers=coordinator)
    assert revoked.status_code == 200 and len(revoked.json["memberships"]) == 1
    last = revoked.json["memberships"][0]["id"]
    assert client.delete(f"/api/v1/admin{path}/{last}", headers=admin).status_code == 409
    assert client.delete(f"/api/v1/admin{path}/999999", headers=admin).status_code == 404
    kinds = db.session.scalars(sa.select(CaseEvent.kind).where(
        CaseEvent.kind.in_(["role_granted", "role_revoked"])).order_by(CaseEvent.id)).all()
    assert kinds[-2:] == ["role_granted", "role_revoked"]


def test_a_created_user_logs_in_and_a_deactivated_one_no_longer(client, world, login):
    admin = login("admin")
    build_bandung(client, admin)
    duplicate = client.post("/api/v1/admin/users", headers=admin, json={
        "username": "koordinator.bandung", "name": "Lagi", "role": "coordinator",
        "unit": "bandung.secretariat", "email": "bukan-email"})
    assert duplicate.status_code == 422
    assert set(error_reason(duplicate)) == {"username", "email"}
    short = client.post("/api/v1/admin/users", headers=admin, json={
        "username": "baru", "name": "Baru", "role": "auditor", "password": "pendek"})
    assert short.status_code == 422 and "password" in error_reason(short)
    token = client.post("/api/v1/auth/token", json={"username": "koordinator.bandung",
                                                    "password": "bandung-juara-1"}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    off = post(client, admin, "/users/koordinator.bandung/deactivate", status=200)
    assert off["active"] is False
    assert client.get("/api/v1/tasks", headers=headers).status_code == 401
    back = post(client, admin, "/users/koordinator.bandung/activate", status=200)
    assert back["active"] is True
    actors = db.session.scalars(sa.select(CaseEvent.actor).where(
        CaseEvent.kind.in_(["user_disabled", "user_enabled"]))).all()
    assert len(actors) == 2 and len(set(actors)) == 1 and actors[0].startswith("user:")


def test_the_org_csv_goes_through_the_api_whole_or_not_at_all(client, world, login):
    admin = login("admin")
    build_bandung(client, admin)
    exported = client.get("/api/v1/admin/org/export", headers=admin)
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    text = exported.data.decode()
    assert text.startswith("kind,code,name,parent,region,username,email,role\n")
    assert "unit,bandung.health,Dinas Kesehatan Kota Bandung,bandung.secretariat" in text
    again = post(client, admin, "/org/import", {"csv": text}, status=200)
    assert again == {"dry_run": False, "applied": 0, "changes": []}
    new = text + "unit,bandung.works,DSDABM Kota Bandung,bandung.secretariat,,,,\n"
    dry = post(client, admin, "/org/import", {"csv": new, "dry_run": True}, status=200)
    assert dry["applied"] == 0 and [c["key"] for c in dry["changes"]] == ["bandung.works"]
    assert client.get("/api/v1/admin/units/bandung.works", headers=admin).status_code == 404
    bad = new + "unit,bandung.x,X,no-such-parent,,,,\n"
    refused = client.post("/api/v1/admin/org/import", headers=admin, json={"csv": bad})
    assert refused.status_code == 422
    assert list(error_reason(refused)) == [f"line {bad.count(chr(10))}"]
    assert client.get("/api/v1/admin/units/bandung.works", headers=admin).status_code == 404
    applied = post(client, admin, "/org/import", {"csv": new}, status=200)
    assert applied["applied"] == 1
    assert client.get("/api/v1/admin/units/bandung.works", headers=admin).status_code == 200
