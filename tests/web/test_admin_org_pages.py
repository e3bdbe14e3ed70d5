"""`/admin/agencies`, `/admin/units`, `/admin/users`: forms without JavaScript, CSRF on every
post, errors next to their fields in both languages, and the coordinator's scope (404)."""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.enums import Role
from domain.org.models import Agency, Region, User
from domain.org.operations import unit_by_code
from tests.factories import create_user
from tests.web.helpers import csrf, login


def _regions() -> None:
    db.session.add_all([Region(code="32", name="Jawa Barat", level=1),
                        Region(code="32.73", name="Kota Bandung", level=2, parent_code="32")])
    db.session.flush()


def _post(client, url: str, form_url: str, **data: str):
    return client.post(url, data={"csrf_token": csrf(client, form_url), **data})


def test_a_national_admin_builds_an_agency_through_the_forms(client, world, national_admin):
    _regions()
    login(client, national_admin)
    page = client.get("/admin/agencies/new").get_data(as_text=True)
    assert 'value="32.73"' in page and 'name="csrf_token"' in page
    created = _post(client, "/admin/agencies/new", "/admin/agencies/new", code="pemkot-bandung",
                    name="Pemerintah Kota Bandung", region="32.73", kind="local_government")
    assert created.status_code == 303
    assert created.location.endswith("/admin/agencies/pemkot-bandung")
    unit = _post(client, "/admin/units/new", "/admin/units/new?parent=pemkot-bandung",
                 code="bandung.secretariat", name="Sekretariat Daerah", parent="pemkot-bandung")
    assert unit.status_code == 303
    user = _post(client, "/admin/users/new", "/admin/users/new", username="koordinator.bandung",
                 name="Koordinator Bandung", email="", locale="id", role="coordinator",
                 unit="bandung.secretariat", password="")
    assert user.status_code == 303
    listed = client.get("/admin/users?unit=bandung.secretariat").get_data(as_text=True)
    assert 'id="user-koordinator.bandung"' in listed and "Koordinator instansi" in listed
    off = _post(client, "/admin/users/koordinator.bandung/active",
                "/admin/users/koordinator.bandung", active="0")
    assert off.status_code == 303
    assert db.session.scalar(sa.select(User.active).where(
        User.username == "koordinator.bandung")) is False
    actors = set(db.session.scalars(sa.select(CaseEvent.actor).where(CaseEvent.kind.in_(
        ["agency_created", "unit_created", "user_created", "user_disabled"]))).all())
    assert actors == {f"user:{national_admin.id}"}


def test_a_bad_form_comes_back_with_the_error_next_to_its_field(client, world, national_admin):
    login(client, national_admin)
    for lang, words in (("id", "Kode ini sudah dipakai."), ("en", "This code is already taken.")):
        client.get(f"/?lang={lang}")
        again = _post(client, "/admin/agencies/new", "/admin/agencies/new", code="pemkot-medan",
                      name="Medan", region="", kind="local_government")
        assert again.status_code == 422
        html = again.get_data(as_text=True)
        assert 'id="err-code"' in html and words in html
        assert 'value="Medan"' in html  # what he typed is still there
    cycle = _post(client, "/admin/units/medan.secretariat", "/admin/units/medan.secretariat",
                  name="Sekretariat", parent="medan.health", region="")
    assert cycle.status_code == 422 and 'id="err-parent"' in cycle.get_data(as_text=True)


def test_every_form_needs_its_csrf_token(client, world, national_admin):
    login(client, national_admin)
    for url in ("/admin/agencies/new", "/admin/units/new", "/admin/users/new",
                "/admin/users/liaison.health/active", "/admin/units/medan.health/active"):
        assert client.post(url, data={"code": "x", "name": "x", "active": "0"}).status_code == 400
    assert db.session.scalar(sa.select(User.active).where(User.username == "liaison.health"))


def test_a_coordinator_sees_only_his_agency_and_medan_s_pages_are_404(client, world):
    _regions()
    bandung = Agency(code="pemkot-bandung", name="Pemkot Bandung", region_code="32.73")
    db.session.add(bandung)
    db.session.flush()
    from domain.org.operations import create_unit

    create_unit("bandung.secretariat", "Sekretariat Bandung", bandung)
    coordinator = create_user(Role.COORDINATOR, "bandung.secretariat")
    login(client, coordinator)
    units = client.get("/admin/units").get_data(as_text=True)
    assert "bandung.secretariat" in units and "medan.health" not in units
    agencies = client.get("/admin/agencies").get_data(as_text=True)
    assert "pemkot-bandung" in agencies and "pemkot-medan" not in agencies
    assert 'id="new-agency"' not in agencies
    for url in ("/admin/units/medan.health", "/admin/users/liaison.health",
                "/admin/agencies/pemkot-medan", "/admin/users?unit=medan.health"):
        assert client.get(url).status_code == 404, url
    token = csrf(client, "/admin/units")
    assert client.post("/admin/users/liaison.health/active",
                       data={"csrf_token": token, "active": "0"}).status_code == 404
    taken = client.post("/admin/units/medan.health", data={
        "csrf_token": token, "name": "Diambil alih", "parent": "medan.secretariat"})
    assert taken.status_code == 404
    assert unit_by_code("medan.health").name == "Dinas Kesehatan Kota Medan"
    assert client.get("/admin/agencies/new").status_code == 403


def test_other_roles_do_not_reach_the_organisation_pages(client, world):
    assert client.get("/admin/units").status_code == 302  # to the login page
    login(client, create_user(Role.LIAISON, "medan.health"))
    assert client.get("/admin/units").status_code == 403
    assert "/admin/agencies" not in client.get("/desk/").get_data(as_text=True)


def test_the_lists_page_by_code(client, world, national_admin):
    login(client, national_admin)
    first = client.get("/admin/units").get_data(as_text=True)
    assert "medan.health" in first
    for n in range(30):
        create_user(Role.LIAISON, "medan.works", username=f"liaison.page.{n:02}")
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'rel="next"' in page
    after = page.split('rel="next"')[1].split("after=")[1].split('"')[0]
    second = client.get(f"/admin/users?after={after}").get_data(as_text=True)
    assert "liaison.page.29" in second or "liaison.page.29" in page
    assert client.get("/admin/users?after=%25%25").status_code == 200  # back to the top


def test_the_agency_form_takes_further_areas_as_a_comma_list(client, world, national_admin):
    db.session.add_all([Region(code="32", name="Jawa Barat", level=1),
                        Region(code="32.73", name="Kota Bandung", level=2, parent_code="32"),
                        Region(code="32.04", name="Kabupaten Bandung", level=2, parent_code="32"),
                        Region(code="32.17", name="Bandung Barat", level=2, parent_code="32")])
    db.session.flush()
    login(client, national_admin)
    form = "/admin/agencies/new"
    created = client.post(form, data={
        "csrf_token": csrf(client, form), "code": "bandung-raya", "name": "Layanan Bandung Raya",
        "region": "32.73", "kind": "local_government", "areas": "32.04; 32.17,"})
    assert created.status_code == 303
    page = client.get("/admin/agencies/bandung-raya").get_data(as_text=True)
    assert 'value="32.04, 32.17"' in page
    bad = client.post("/admin/agencies/bandung-raya", data={
        "csrf_token": csrf(client, "/admin/agencies/bandung-raya"), "name": "Layanan",
        "region": "32.73", "kind": "local_government", "areas": "32.04, 77.77"})
    assert bad.status_code == 422
    assert "77.77" in bad.get_data(as_text=True) and 'value="32.04, 77.77"' in bad.get_data(
        as_text=True)
