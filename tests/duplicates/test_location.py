"""Optional coordinates on intake: the portal form takes them without any script, the API
and Open311 take them, the desk's case page shows them."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
from tests.counter.test_counter import counter_form
from tests.factories import intake
from tests.web.helpers import csrf, login, report_form


def _post_report(client, **overrides):
    data = {"csrf_token": csrf(client), **report_form(**overrides)}
    return client.post("/", data=data, content_type="multipart/form-data")


def test_the_portal_form_takes_coordinates_without_javascript(client, world, coordinator):
    response = _post_report(client, latitude="3.5952", longitude="98.6722")
    assert response.status_code == 303, response.get_data(as_text=True)
    case = db.session.execute(sa.select(Case)).scalar_one()
    assert (case.latitude, case.longitude) == (3.5952, 98.6722)
    db.session.commit()
    login(client, coordinator)
    page = client.get(f"/desk/cases/{case.tracking_id}").get_data(as_text=True)
    assert "3.595200, 98.672200" in page


def test_half_a_coordinate_or_out_of_range_is_refused_next_to_the_field(client, world):
    for overrides in ({"latitude": "3.5952", "longitude": ""}, {"latitude": "95",
                                                               "longitude": "98"}):
        response = _post_report(client, **overrides)
        assert response.status_code == 422
        assert 'id="err-latitude"' in response.get_data(as_text=True)
    assert db.session.execute(sa.select(Case)).first() is None


def test_the_api_takes_coordinates(client, world):
    response = client.post("/api/v1/cases", json=intake(latitude=-6.1754, longitude=106.8272))
    assert response.status_code == 201
    case = db.session.execute(sa.select(Case)).scalar_one()
    assert (case.latitude, case.longitude) == (-6.1754, 106.8272)
    refused = client.post("/api/v1/cases", json=intake(latitude=-6.1754))
    assert refused.status_code == 422 and "latitude" in refused.json["error"]["details"]


@pytest.fixture
def tiles(app):
    """ADUAN_TILE_URL set for one test ({s} subdomains: the CSP names them with a wildcard)."""
    original = app.config["ADUAN"]
    app.config["ADUAN"] = replace(original, tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    yield
    app.config["ADUAN"] = original


def test_without_a_tile_server_no_map_is_drawn_and_the_csp_is_unchanged(client, world):
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert 'id="in-latitude"' in page and "location-map" not in page and "map.js" not in page
    assert "img-src 'self' data:;" in response.headers["Content-Security-Policy"]


def test_with_a_tile_server_the_map_is_drawn_and_only_img_src_names_it(client, world, tiles):
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert 'id="location-map"' in page and "build/map.js" in page and "build/map.css" in page
    assert 'data-tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in page
    policy = dict(part.strip().split(" ", 1)
                  for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["img-src"] == "'self' data: https://*.tiles.example.org"
    assert all("tiles.example.org" not in value for name, value in policy.items()
               if name != "img-src")
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"


def test_the_counter_takes_coordinates_and_the_desk_maps_them(client, world, coordinator,
                                                              tiles):
    login(client, coordinator)
    counter = client.get("/desk/counter").get_data(as_text=True)
    assert 'id="in-latitude"' in counter and 'id="location-map"' in counter
    data = {"csrf_token": csrf(client, "/desk/counter"), **counter_form(
        latitude="3.5952", longitude="98.6722")}
    assert client.post("/desk/counter", data=data,
                       content_type="multipart/form-data").status_code == 303
    case = db.session.execute(sa.select(Case)).scalar_one()
    assert (case.latitude, case.longitude) == (3.5952, 98.6722)
    page = client.get(f"/desk/cases/{case.tracking_id}").get_data(as_text=True)
    assert "3.595200, 98.672200" in page and 'id="case-map"' in page
    assert 'data-point-lat="3.5952"' in page
