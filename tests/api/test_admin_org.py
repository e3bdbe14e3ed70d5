"""`/api/v1/admin/` agencies and units: created, edited, moved, deactivated, all audited."""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.org.models import Unit, User
from domain.org.regions import agency_for_region
from tests.api.admin_support import bandung_regions, build_bandung, error_reason, post


def _events(kind: str) -> list[CaseEvent]:
    return db.session.scalars(sa.select(CaseEvent).where(CaseEvent.kind == kind)
                              .order_by(CaseEvent.id)).all()


def test_a_national_admin_creates_an_agency_that_then_receives_its_region(client, world, login):
    admin = login("admin")
    bandung_regions()
    created = post(client, admin, "/agencies", {"code": "pemkot-bandung", "region": "32.73",
                                                "name": "Pemerintah Kota Bandung"})
    assert created == {"code": "pemkot-bandung", "name": "Pemerintah Kota Bandung",
                       "kind": "local_government", "region": "32.73", "areas": [],
                       "active": True}
    assert agency_for_region("32.73.08").code == "pemkot-bandung"
    event = _events("agency_created")[-1]
    admin_id = db.session.scalar(sa.select(User.id).where(User.username == "admin"))
    assert event.actor == f"user:{admin_id}" and event.payload["key"] == "pemkot-bandung"
    got = client.get("/api/v1/admin/agencies/pemkot-bandung", headers=admin)
    assert got.status_code == 200 and got.json["region"] == "32.73"


def test_bad_agency_input_is_refused_field_by_field(client, world, login):
    admin = login("admin")
    again = client.post("/api/v1/admin/agencies?lang=en", headers=admin,
                        json={"code": "pemkot-medan", "name": "Medan lagi", "region": "99.99"})
    assert again.status_code == 422
    assert set(error_reason(again)) == {"code", "region"}
    assert "already" in error_reason(again)["code"]
    bad = client.post("/api/v1/admin/agencies", headers=admin,
                      json={"code": "Bad Code!", "name": "x"})
    assert bad.status_code == 422 and "code" in error_reason(bad)
    missing = client.post("/api/v1/admin/agencies", headers=admin, json={"code": "x"})
    assert missing.status_code == 422 and "name" in error_reason(missing)
    assert client.post("/api/v1/admin/agencies", headers=admin, data="[]",
                       content_type="application/json").status_code == 422


def test_editing_an_agency_s_region_moves_its_cases_and_is_audited(client, world, login):
    admin = login("admin")
    bandung_regions()
    changed = client.patch("/api/v1/admin/agencies/pemkot-medan", headers=admin,
                           json={"region": "32.73", "name": "Pemerintah Kota Medan (uji)"})
    assert changed.status_code == 200 and changed.json["region"] == "32.73"
    assert agency_for_region("32.73").code == "pemkot-medan"
    assert agency_for_region("12.71") is None
    assert _events("agency_updated")[-1].payload == {
        "key": "pemkot-medan", "name": "Pemerintah Kota Medan (uji)", "region": "32.73"}
    same = client.patch("/api/v1/admin/agencies/pemkot-medan", headers=admin,
                        json={"region": "32.73"})
    assert same.status_code == 200 and len(_events("agency_updated")) == 1


def test_units_form_a_tree_without_cycles(client, world, login):
    admin = login("admin")
    build_bandung(client, admin)
    post(client, admin, "/units", {"code": "bandung.puskesmas", "parent": "bandung.health",
                                   "name": "Puskesmas Cidadap"})
    second_top = client.post("/api/v1/admin/units", headers=admin, json={
        "code": "bandung.other", "parent": "pemkot-bandung", "name": "Unit lain"})
    assert second_top.status_code == 422 and "parent" in error_reason(second_top)
    cycle = client.patch("/api/v1/admin/units/bandung.health", headers=admin,
                         json={"parent": "bandung.puskesmas"})
    assert cycle.status_code == 422 and "parent" in error_reason(cycle)
    onto_itself = client.patch("/api/v1/admin/units/bandung.health", headers=admin,
                               json={"parent": "bandung.health"})
    assert onto_itself.status_code == 422
    other_agency = client.patch("/api/v1/admin/units/bandung.health", headers=admin,
                                json={"parent": "medan.secretariat"})
    assert other_agency.status_code == 422 and "parent" in error_reason(other_agency)
    post(client, admin, "/units", {"code": "bandung.inspectorate", "name": "Inspektorat",
                                   "parent": "bandung.secretariat"})
    moved = client.patch("/api/v1/admin/units/bandung.health", headers=admin,
                         json={"parent": "bandung.inspectorate"})
    assert moved.status_code == 200 and moved.json["parent"] == "bandung.inspectorate"
    paths = dict(db.session.execute(sa.select(Unit.code, Unit.path)).all())
    assert paths["bandung.puskesmas"].startswith(paths["bandung.inspectorate"])
    assert paths["bandung.health"].startswith(paths["bandung.secretariat"])


def test_deactivating_never_strands_work(client, world, login):
    admin = login("admin")
    build_bandung(client, admin)
    busy = client.post("/api/v1/admin/units/bandung.secretariat/deactivate", headers=admin)
    assert busy.status_code == 409
    assert error_reason(busy)["reason"] == "unit_has_active_subunits"
    agency = client.post("/api/v1/admin/agencies/pemkot-bandung/deactivate", headers=admin)
    assert agency.status_code == 409 and error_reason(agency)["reason"] == "agency_has_active_units"
    post(client, admin, "/units/bandung.health/deactivate", status=200)
    member = client.post("/api/v1/admin/units/bandung.secretariat/deactivate", headers=admin)
    assert member.status_code == 409 and error_reason(member)["reason"] == "unit_has_active_members"
    post(client, admin, "/users/koordinator.bandung/deactivate", status=200)
    post(client, admin, "/units/bandung.secretariat/deactivate", status=200)
    gone = post(client, admin, "/agencies/pemkot-bandung/deactivate", status=200)
    assert gone["active"] is False
    assert agency_for_region("32.73.08") is None  # back to the national pool
    assert [e.payload["key"] for e in _events("unit_deactivated")] == [
        "bandung.health", "bandung.secretariat"]
    again = post(client, admin, "/agencies/pemkot-bandung/activate", status=200)
    assert again["active"] is True and agency_for_region("32.73.08").code == "pemkot-bandung"
    under_inactive = client.post("/api/v1/admin/units", headers=admin, json={
        "code": "bandung.new", "parent": "bandung.secretariat", "name": "Baru"})
    assert under_inactive.status_code == 422 and "parent" in error_reason(under_inactive)


def test_lists_are_keyset_pages(client, world, login):
    admin = login("admin")
    seen, cursor = [], None
    while True:
        query = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/admin/agencies", headers=admin, query_string=query).json
        assert len(page["items"]) <= 1
        seen += [a["code"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and {"lapor", "pemkot-medan", "pemprov-dki"} <= set(seen)
    units = client.get("/api/v1/admin/units?agency=pemkot-medan&limit=2", headers=admin).json
    assert [u["code"] for u in units["items"]] == ["medan.health", "medan.secretariat"]
    assert units["next_cursor"] == "medan.secretariat"
    searched = client.get("/api/v1/admin/units?q=Kesehatan", headers=admin).json["items"]
    assert [u["code"] for u in searched] == ["medan.health"]
    bad = client.get("/api/v1/admin/agencies?cursor=%25%25", headers=admin)
    assert bad.status_code == 422 and "cursor" in error_reason(bad)


def test_only_organisation_admins_reach_the_admin_api(client, world, login):
    db.session.commit()  # the world survives the 401's rollback
    assert client.get("/api/v1/admin/agencies").status_code == 401
    for name in ("liaison.health", "auditor", "owner"):
        assert client.get("/api/v1/admin/units", headers=login(name)).status_code == 403


def test_a_page_of_units_costs_the_same_statements_whatever_its_length(client, world, login):
    admin = login("admin")
    build_bandung(client, admin)
    for n in range(8):  # each listed unit has a parent of its own, none of them on the page
        post(client, admin, "/units", {"code": f"bandung.pkm{n}", "name": f"PKM {n}",
                                       "parent": "bandung.health"})
        post(client, admin, "/units", {"code": f"bandung.pustu{n}", "name": f"Pustu {n}",
                                       "parent": f"bandung.pkm{n}"})
    counts = []
    for limit in (2, 8):
        seen: list[str] = []

        def count(conn, cursor, statement, *args):
            seen.append(statement.split()[0].upper())

        engine = db.session.get_bind()
        sa.event.listen(engine, "before_cursor_execute", count)
        page = client.get(f"/api/v1/admin/units?q=pustu&limit={limit}", headers=admin)
        sa.event.remove(engine, "before_cursor_execute", count)
        assert [u["parent"] for u in page.json["items"]] == [
            f"bandung.pkm{n}" for n in range(limit)]
        counts.append(seen.count("SELECT"))
    assert counts[0] == counts[1], counts
