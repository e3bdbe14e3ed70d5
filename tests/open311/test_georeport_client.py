"""Conformance from outside: PyPI's `georeport` client reads every GET call of a live app in
JSON mode and in XML mode, and the shared schemas refuse what GeoReport forbids."""

from __future__ import annotations

import pytest
from georeport import GeoReport

from domain.db import db
from tests.browser.conftest import live_server  # noqa: F401 (a fixture)
from tests.factories import case_in, submit

GOOD = {"service_request_id": "ABCD2345", "status": "open", "service_code": "roads",
        "requested_datetime": "2026-12-01T08:00:00+07:00"}


@pytest.fixture
def served(live_server, monkeypatch):  # noqa: F811
    """The live app with one open and one closed public case, and a confidential one."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    cases = {"open": submit(confidential=False, category="roads").case,
             "closed": case_in("closed", confidential=False),
             "secret": submit(confidential=True).case}
    db.session.commit()
    return live_server, {name: case.tracking_id for name, case in cases.items()}


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_georeport_reads_every_get_call(served, output_format):
    root, ids = served
    client = GeoReport(f"{root}/open311/v2", jurisdiction="aduan", output_format=output_format)
    services = client.get_service_list()
    assert [s["service_code"] for s in services][:2] == ["health", "roads"]
    assert str(services[0]["metadata"]).lower() == "true"
    definition = client.get_service_definition("roads")
    assert definition["service_code"] == "roads"
    attributes = definition["attributes"]
    attributes = attributes["attribute"] if output_format == "xml" else attributes
    assert [a["code"] for a in attributes][:2] == ["kind", "title"]
    listed = client.get_service_requests()
    assert {r["service_request_id"] for r in listed} == {ids["open"], ids["closed"]}
    closed = client.get_service_requests(status="closed")
    closed = [closed] if isinstance(closed, dict) else closed  # xmltodict: one row, no list
    assert [r["service_request_id"] for r in closed] == [ids["closed"]]
    one = client.get_service_request(ids["open"])
    assert one["service_request_id"] == ids["open"] and one["status"] == "open"
    assert one["requested_datetime"].endswith("+07:00")


def test_the_schemas_refuse_what_georeport_forbids(conforms):
    conforms("request.json", GOOD)
    for bad in ({**GOOD, "requested_datetime": "2026-12-01T08:00:00"},  # no timezone
                {**GOOD, "service_request_id": 5},  # ids are strings
                {**GOOD, "status": "verification"}):  # internal statuses are not GeoReport's
        with pytest.raises(AssertionError):
            conforms("request.json", bad)
    with pytest.raises(AssertionError):
        conforms("services.json", [{"service_code": "roads", "service_name": "Jalan"}])
