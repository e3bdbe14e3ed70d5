"""The report form's region cascade (province or regency, then district) works without script."""

from __future__ import annotations

import re

import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
from domain.org.models import Region
from tests.web.helpers import csrf, report_form


def _districts() -> None:
    db.session.add_all([
        Region(code="12.71.01", name="Medan Tuntungan", level=3, parent_code="12.71"),
        Region(code="12.71.02", name="Medan Johor", level=3, parent_code="12.71"),
        Region(code="31.71.01", name="Gambir", level=3, parent_code="31.71"),
    ])
    db.session.flush()


def _post(client, **overrides):
    data = {"csrf_token": csrf(client), **report_form(**overrides)}
    return client.post("/", data=data, content_type="multipart/form-data")


def _filed() -> Case | None:
    return db.session.execute(sa.select(Case)).scalar_one_or_none()


def test_the_form_groups_regencies_by_province_and_offers_no_district_yet(client, world):
    page = client.get("/").get_data(as_text=True)
    assert '<optgroup label="Sumatera Utara">' in page
    assert '<option value="12.71">Kota Medan (12.71)</option>' in page
    assert 'name="step" value="region"' in page and 'id="in-district"' not in page


def test_the_district_step_keeps_the_input_and_lists_the_regency_s_districts(client, world):
    _districts()
    response = _post(client, step="region", title="Judul yang diketik")
    assert response.status_code == 200 and _filed() is None
    page = response.get_data(as_text=True)
    assert 'value="Judul yang diketik"' in page and 'id="err-' not in page
    assert '<option value="12.71.02">Medan Johor (12.71.02)</option>' in page
    assert "Gambir" not in page
    linked = client.get("/?region=31.71").get_data(as_text=True)
    assert "Gambir" in linked and "Medan Johor" not in linked


def test_a_chosen_district_is_the_case_s_region(client, world):
    _districts()
    response = _post(client, district="12.71.02")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert _filed().region_code == "12.71.02"


def test_the_server_refuses_an_unknown_region_and_a_district_of_another_regency(client, world):
    _districts()
    unknown = _post(client, region="99.99")
    assert unknown.status_code == 422 and 'id="err-region"' in unknown.get_data(as_text=True)
    elsewhere = _post(client, district="31.71.01")
    page = elsewhere.get_data(as_text=True)
    assert elsewhere.status_code == 422 and 'id="err-district"' in page
    assert re.search(r'<option value="12.71.01"', page)  # the right districts are offered
    assert _filed() is None


def test_with_every_region_loaded_a_bandung_district_is_offered_and_filed(client, world, app):
    assert app.test_cli_runner().invoke(args=["regions", "load"]).exit_code == 0
    page = client.get("/?region=32.73").get_data(as_text=True)
    assert page.count("<optgroup ") == 38
    assert '<option value="32.73.08">Cidadap (32.73.08)</option>' in page
    assert len(page) < 200_000  # provinces and regencies only; districts on demand
    response = _post(client, region="32.73", district="32.73.08", category="other")
    assert response.status_code == 303, response.get_data(as_text=True)
    case = _filed()
    assert case.region_code == "32.73.08" and case.agency is None  # no agency there yet
