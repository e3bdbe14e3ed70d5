"""GET calls of GeoReport v2: services, definitions, requests with every filter, in both
formats; JSON validated against the shared schemas; only public cases, text masked."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from domain.open311.services import category_codes
from tests.factories import case_in
from tests.open311.conftest import public_case

BASE = "/open311/v2"
NIK = "3171010101900001"


def _xml(response):
    assert response.content_type == "text/xml; charset=utf-8"
    assert response.data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.data)


def test_services_are_the_categories_in_both_formats(client, world, conforms):
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200 and response.content_type.startswith("application/json")
    conforms("services.json", response.json)
    assert [s["service_code"] for s in response.json] == category_codes()
    health = response.json[0]
    assert health["service_name"] == "Kesehatan" and health["metadata"] is True
    root = _xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == category_codes()
    assert root.find("service/metadata").text == "true"


def test_service_definition_lists_the_intake_attributes(client, world, conforms):
    body = client.get(f"{BASE}/services/roads.json?lang=en").json
    conforms("service-definition.json", body)
    codes = [a["code"] for a in body["attributes"]]
    assert codes == ["kind", "title", "region", "event_date", "anonymous", "confidential"]
    kind = body["attributes"][0]
    assert kind["datatype"] == "singlevaluelist" and kind["order"] == 1
    assert {"key": "complaint", "name": "Complaint"} in kind["values"]
    root = _xml(client.get(f"{BASE}/services/roads.xml"))
    assert root.tag == "service_definition"
    assert [a.findtext("code") for a in root.findall("attributes/attribute")] == codes
    assert root.find("attributes/attribute/values/value/key").text == "complaint"


def test_a_sensitive_service_offers_no_privacy_choice(client, world, conforms):
    body = client.get(f"{BASE}/services/whistleblowing.json").json
    conforms("service-definition.json", body)
    assert {"anonymous", "confidential"}.isdisjoint(a["code"] for a in body["attributes"])


def test_an_unknown_service_is_404_in_the_spec_shape(client, world):
    response = client.get(f"{BASE}/services/potholes.json")
    assert response.status_code == 404
    assert response.json == [{"code": 404, "description": "service_code tidak ditemukan."}]
    root = _xml(client.get(f"{BASE}/services/potholes.xml"))
    assert root.tag == "errors" and root.findtext("error/code") == "404"


def test_requests_list_public_cases_newest_first_with_masked_text(client, world, clock,
                                                                   conforms):
    older = public_case(description=f"Puskesmas tutup; NIK saya {NIK}, hubungi Budi Santoso.")
    clock.advance(timedelta(minutes=5))
    newer = public_case(category="roads", location="Jl. Gatot Subroto, rumah Budi Santoso")
    secret = submit_confidential()
    response = client.get(f"{BASE}/requests.json")
    conforms("requests.json", response.json)
    ids = [r["service_request_id"] for r in response.json]
    assert ids == [newer.tracking_id, older.tracking_id] and secret.tracking_id not in ids
    text = response.data.decode()
    for personal in (NIK, "Budi Santoso", "+6281234567890", "budi@example.org"):
        assert personal not in text, personal
    first = response.json[0]
    assert first["status"] == "open" and first["status_notes"] == "Sedang diverifikasi"
    assert first["service_code"] == "roads" and first["address_id"] == "12.71"
    assert first["agency_responsible"] == "Pemerintah Kota Medan"
    assert first["requested_datetime"].endswith("+07:00")
    # expected_datetime is the next deadline: the verification's 3 working days
    assert first["expected_datetime"] == newer.due_at.astimezone(
        first_tz(first["requested_datetime"])).isoformat(timespec="seconds")


def submit_confidential():
    from tests.factories import submit

    return submit(confidential=True).case


def first_tz(stamp: str):
    from datetime import datetime

    return datetime.fromisoformat(stamp).tzinfo


def test_closed_and_archived_cases_are_closed(client, world, conforms):
    closed = case_in("closed", confidential=False)
    archived = case_in("archived", confidential=False)
    running = public_case()
    body = client.get(f"{BASE}/requests.json?status=closed").json
    conforms("requests.json", body)
    assert {r["service_request_id"] for r in body} == {closed.tracking_id, archived.tracking_id}
    assert {r["status_notes"] for r in body} == {"Selesai", "Diarsipkan"}
    assert all(r["updated_datetime"] for r in body)
    open_ids = [r["service_request_id"]
                for r in client.get(f"{BASE}/requests.json?status=open").json]
    assert open_ids == [running.tracking_id]
    both = client.get(f"{BASE}/requests.json?status=open,closed").json
    assert len(both) == 3


def test_service_code_takes_a_comma_list(client, world):
    health, roads = public_case(), public_case(category="roads")
    public_case(category="education")
    body = client.get(f"{BASE}/requests.json?service_code=health,roads").json
    assert {r["service_request_id"] for r in body} == {health.tracking_id, roads.tracking_id}


def test_service_request_id_overrides_every_other_filter(client, world, clock):
    old = public_case()
    clock.advance(timedelta(days=200))
    new = public_case(category="roads")
    ids = f"{old.tracking_id},{new.tracking_id.lower()}"
    body = client.get(f"{BASE}/requests.json?service_request_id={ids}"
                      "&service_code=education&status=closed").json
    assert {r["service_request_id"] for r in body} == {old.tracking_id, new.tracking_id}


def test_the_default_range_is_the_last_90_days(client, world, clock):
    old = public_case()
    clock.advance(timedelta(days=91))
    recent = public_case()
    ids = [r["service_request_id"] for r in client.get(f"{BASE}/requests.json").json]
    assert ids == [recent.tracking_id]
    start = (old.submitted_at - timedelta(days=1)).isoformat()
    end = (old.submitted_at + timedelta(days=1)).isoformat()
    body = client.get(f"{BASE}/requests.json", query_string={"start_date": start,
                                                            "end_date": end}).json
    assert [r["service_request_id"] for r in body] == [old.tracking_id]


@pytest.mark.parametrize("query", [
    {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-02T00:00:00Z"},  # 91 days
    {"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"},  # reversed
    {"start_date": "yesterday"},
    {"status": "pending"},
])
def test_bad_filters_are_400_in_both_formats(client, world, query):
    response = client.get(f"{BASE}/requests.json", query_string=query)
    assert response.status_code == 400
    assert [set(e) for e in response.json] == [{"code", "description"}]
    assert response.json[0]["code"] == 400
    xml = client.get(f"{BASE}/requests.xml", query_string=query)
    assert xml.status_code == 400 and _xml(xml).findtext("error/code") == "400"


def test_exactly_90_days_is_allowed(client, world):
    query = {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-01T00:00:00Z"}
    assert client.get(f"{BASE}/requests.json", query_string=query).status_code == 200


def test_at_most_1000_rows(client, world, monkeypatch):
    from domain.open311 import requests as open311_requests

    monkeypatch.setattr(open311_requests, "MAX_ROWS", 2)
    for _ in range(3):
        public_case()
    assert len(client.get(f"{BASE}/requests.json").json) == 2


def test_one_request_is_a_one_element_list(client, world, conforms):
    case = public_case()
    body = client.get(f"{BASE}/requests/{case.tracking_id}.json").json
    conforms("requests.json", body)
    assert len(body) == 1 and body[0]["service_request_id"] == case.tracking_id
    root = _xml(client.get(f"{BASE}/requests/{case.tracking_id}.xml"))
    assert [r.findtext("service_request_id") for r in root.findall("request")] == \
        [case.tracking_id]
    assert root.find("request/lat").text is None  # null is an empty element
    placed = public_case(latitude=3.5952, longitude=98.6722)
    [row] = client.get(f"{BASE}/requests/{placed.tracking_id}.json").json
    assert (row["lat"], row["long"]) == (3.5952, 98.6722)


def test_a_confidential_request_reads_as_unknown(client, world):
    secret = submit_confidential()
    for url in (f"{BASE}/requests/{secret.tracking_id}.json",
                f"{BASE}/tokens/{secret.tracking_id}.json", f"{BASE}/requests/ZZZZZZZZ.json"):
        response = client.get(url)
        assert response.status_code == 404 and response.json[0]["code"] == 404, url


def test_a_token_names_its_request(client, world):
    case = public_case()
    body = client.get(f"{BASE}/tokens/{case.tracking_id}.json").json
    assert body == [{"service_request_id": case.tracking_id, "token": case.tracking_id}]


def test_discovery_names_the_endpoint_and_formats(client, world):
    body = client.get(f"{BASE}/discovery.json").json
    endpoint = body["endpoints"][0]
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = _xml(client.get(f"{BASE}/discovery.xml"))
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == \
        ["text/xml", "application/json"]


def test_jurisdiction_is_optional_and_a_wrong_one_is_404(client, world):
    assert client.get(f"{BASE}/services.json?jurisdiction_id=aduan").status_code == 200
    response = client.get(f"{BASE}/services.json?jurisdiction_id=elsewhere")
    assert response.status_code == 404 and response.json[0]["code"] == 404


def test_an_unknown_call_or_format_is_404_in_the_spec_shape(client, world):
    for url in (f"{BASE}/services.csv", f"{BASE}/nothing.xml"):
        response = client.get(url)
        assert response.status_code == 404, url
    assert _xml(client.get(f"{BASE}/nothing.xml")).tag == "errors"


def test_citizen_markup_stays_text_in_xml_and_json(client, world):
    markup = "Air keruh </description><status>closed</status> & <script>alert(1)</script>"
    case = public_case(description=markup)
    root = _xml(client.get(f"{BASE}/requests/{case.tracking_id}.xml"))
    assert root.findtext("request/description") == markup
    assert root.findtext("request/status") == "open" and len(root.findall("request")) == 1
    assert client.get(f"{BASE}/requests/{case.tracking_id}.json").json[0]["description"] == markup
