"""Optional coordinates on intake: the portal form takes them without any script, the API
and Open311 take them, the desk's case page shows them."""

from __future__ import annotations

import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
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
