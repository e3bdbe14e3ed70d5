"""POST requests: a civic client files a report with its key; it becomes a case like any
other, routed to the verifier of its region. Every refusal is in GeoReport's error shape."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import sqlalchemy as sa

from domain.cases.models import Case, Reporter
from domain.cases.queries import inbox
from domain.db import db
from domain.enums import Channel
from domain.open311.keys import revoke_key
from domain.open311.models import FiledRequest

URL = "/open311/v2/requests"
DESCRIPTION = "Jalan berlubang besar di depan SD Negeri 1, berbahaya bagi anak-anak."


def _form(**overrides: str) -> dict[str, str]:
    form = {"service_code": "roads", "lat": "3.5952", "long": "98.6722",
            "description": DESCRIPTION, "attribute[region]": "12.71",
            "email": "siti@example.org", "first_name": "Siti", "last_name": "Aminah",
            "phone": "+6281298765432"}
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def _case(tracking_id: str) -> Case:
    return db.session.execute(sa.select(Case).where(Case.tracking_id == tracking_id)).scalar_one()


def _inbox_ids(user) -> set[str]:
    return {task.case.tracking_id for task in inbox(user, limit=100).items}


def test_key_in_the_body_files_a_case_that_reaches_its_regions_verifier(client, world,
                                                                       api_key, conforms):
    response = client.post(f"{URL}.json", data=_form(api_key=api_key))
    assert response.status_code == 201, response.data
    [answer] = response.json
    tracking_id = answer["service_request_id"]
    assert isinstance(tracking_id, str) and "token" not in answer
    case = _case(tracking_id)
    assert case.channel == Channel.OPEN311 and case.category == "roads"
    assert case.anonymous and case.confidential  # the safe defaults
    assert case.location == "3.595200, 98.672200"
    assert (case.latitude, case.longitude) == (3.5952, 98.6722)
    assert db.session.get(FiledRequest, case.id).key.name == "fixmystreet-test"
    reporter = db.session.get(Reporter, case.id)
    assert (reporter.name, reporter.email) == ("Siti Aminah", "siti@example.org")
    assert tracking_id in _inbox_ids(world["users"]["verifier"])  # Pemkot Medan's
    assert tracking_id not in _inbox_ids(world["users"]["verifier.dki"])


def test_key_in_the_query_files_a_case_that_reaches_its_regions_verifier(client, world,
                                                                        api_key):
    form = _form(**{"attribute[region]": "31.71", "address_string": "Jl. Medan Merdeka"})
    response = client.post(f"{URL}.xml?api_key={api_key}", data=form)
    assert response.status_code == 201, response.data
    root = ET.fromstring(response.data)
    tracking_id = root.findtext("request/service_request_id")
    case = _case(tracking_id)
    assert case.location == "Jl. Medan Merdeka" and case.region_code == "31.71"
    assert tracking_id in _inbox_ids(world["users"]["verifier.dki"])
    assert tracking_id not in _inbox_ids(world["users"]["verifier"])


@pytest.mark.parametrize("key", [None, "", "not-a-key"])
def test_a_missing_or_bad_key_is_403_in_the_spec_shape(client, world, key):
    form = _form(api_key=key)
    response = client.post(f"{URL}.json", data=form)
    assert response.status_code == 403
    assert response.json == [{"code": 403,
                              "description": "Kunci API tidak valid atau sudah dicabut."}]
    xml = client.post(f"{URL}.xml", data=form)
    root = ET.fromstring(xml.data)
    assert xml.status_code == 403 and root.tag == "errors"
    assert root.findtext("error/code") == "403" and root.findtext("error/description")
    assert db.session.execute(sa.select(sa.func.count()).select_from(Case)).scalar() == 0


def test_a_revoked_key_is_refused(client, world, api_key):
    revoke_key("fixmystreet-test")
    assert client.post(f"{URL}.json", data=_form(api_key=api_key)).status_code == 403


@pytest.mark.parametrize("overrides, status, field", [
    ({"lat": None, "long": None}, 400, "Lokasi"),  # no location at all
    ({"lat": "91", "long": "98"}, 400, "lat"),
    ({"lat": "abc"}, 400, "lat"),
    ({"service_code": "potholes"}, 404, "service_code"),
    ({"service_code": None}, 400, "service_code"),
    ({"description": "x" * 4001}, 400, "description"),
    ({"attribute[colour]": "red"}, 400, "colour"),
    ({"attribute[kind]": "praise"}, 400, "kind"),
    ({"attribute[region]": "99.99"}, 400, "attribute[region]"),
    ({"description": "pendek"}, 400, "description"),  # the intake schema's own minimum
    ({"email": "not-an-address"}, 400, "email"),
])
def test_bad_posts_are_refused_in_the_spec_shape(client, world, api_key, overrides, status,
                                                 field):
    response = client.post(f"{URL}.json", data=_form(api_key=api_key, **overrides))
    assert response.status_code == status, response.json
    [error] = response.json
    assert error["code"] == status and field in error["description"]
    assert db.session.execute(sa.select(sa.func.count()).select_from(Case)).scalar() == 0


def test_an_address_id_that_is_a_region_code_places_the_case(client, world, api_key):
    form = _form(**{"lat": None, "long": None, "attribute[region]": None,
                    "address_id": "31.71"})
    response = client.post(f"{URL}.json", data=form | {"api_key": api_key})
    assert response.status_code == 201, response.json
    assert _case(response.json[0]["service_request_id"]).region_code == "31.71"


def test_the_jurisdictions_region_is_the_fallback(client, world, api_key, settings_override):
    form = _form(**{"attribute[region]": None}) | {"api_key": api_key}
    assert client.post(f"{URL}.json", data=form).status_code == 400
    settings_override(open311_region="12.71")
    response = client.post(f"{URL}.json", data=form)
    assert response.status_code == 201, response.json
    assert _case(response.json[0]["service_request_id"]).region_code == "12.71"


def test_attributes_set_kind_title_date_and_privacy(client, world, api_key):
    form = _form(api_key=api_key, **{
        "attribute[kind]": "aspiration", "attribute[title]": "Perbaiki jalan sekolah",
        "attribute[event_date]": "2026-11-30T22:00:00Z", "attribute[anonymous]": "false",
        "attribute[confidential]": "false"})
    response = client.post(f"{URL}.json", data=form)
    case = _case(response.json[0]["service_request_id"])
    assert case.kind.value == "aspiration" and case.title == "Perbaiki jalan sekolah"
    assert case.event_date.isoformat() == "2026-12-01"  # 05:00 WIB
    assert not case.anonymous and not case.confidential
    listed = client.get(f"/open311/v2/requests/{case.tracking_id}.json").json[0]
    assert "Siti" not in str(listed) and "example.org" not in str(listed)


def test_a_sensitive_service_stays_private_whatever_the_client_says(client, world, api_key):
    form = _form(api_key=api_key, service_code="whistleblowing")
    response = client.post(f"{URL}.json", data=form)
    case = _case(response.json[0]["service_request_id"])
    assert case.anonymous and case.confidential
    refused = client.post(f"{URL}.json", data=form | {"attribute[confidential]": "false"})
    assert refused.status_code == 400


def test_a_multivalue_attribute_form_is_read(client, world, api_key):
    form = _form(api_key=api_key) | {"attribute[kind][]": "complaint"}
    response = client.post(f"{URL}.json", data=form)
    assert response.status_code == 201, response.json


def test_posts_are_rate_limited_per_key(client, world, api_key, settings_override):
    settings_override(rate_limit_open311="2 per minute")
    codes = [client.post(f"{URL}.json", data=_form(api_key=api_key)).status_code
             for _ in range(3)]
    assert codes == [201, 201, 429]
    response = client.post(f"{URL}.json", data=_form(api_key=api_key))
    assert response.json[0]["code"] == 429


def test_the_same_report_again_within_ten_minutes_answers_the_first_id(client, world,
                                                                       api_key):
    first = client.post(f"{URL}.json", data=_form(api_key=api_key))
    again = client.post(f"{URL}.json", data=_form(api_key=api_key, first_name="S."))
    assert first.status_code == 201 and again.status_code == 201
    assert again.json[0]["service_request_id"] == first.json[0]["service_request_id"]
    assert db.session.execute(sa.select(sa.func.count()).select_from(Case)).scalar() == 1
    assert db.session.execute(sa.select(sa.func.count()).select_from(FiledRequest)).scalar() == 1
