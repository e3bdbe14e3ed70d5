"""Garbage in the URL or an upload is the client's error (4xx in the error shape), never a 500.

NUL bytes matter most on PostgreSQL (text cannot hold them: the query itself fails), which
is why these run on both databases.
"""

from __future__ import annotations

import pytest

from domain.db import db
from domain.processes.operations import latest_version
from tests.factories import PASSWORD, submit
from tests.studio import variants as v
from tests.studio.helpers import review_bpmn
from tests.web.helpers import csrf, login
from web.auth import issue_token


@pytest.fixture(autouse=True)
def _world_survives_error_responses(world):
    """A 4xx response rolls the request back; commit the world (and a case) first."""
    submit(title="Jalan berlubang di Jl. Gatot Subroto")
    db.session.commit()


def _bearer(world, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(world['users'][username])}"}


PUBLIC_NUL = ["/cases?q=%00", "/cases?q=jalan%00", "/cases?region=%00", "/cases?category=%00",
              "/cases?status=submitted&q%00=x", "/track?id=AB%00CD", "/track/AB%00CD2345",
              "/api/v1/cases/AB%00CD2345", "/statistics?lang=%00"]
DESK_NUL = ["/desk/cases?q=%00", "/desk/cases?region=%00", "/desk/cases?id=%00",
            "/desk/?lane=%00", "/desk/?after=%00", "/desk/cases/AB%00CD2345"]
API_NUL = ["/api/v1/cases?category=%00", "/api/v1/cases?unit=%00", "/api/v1/tasks?lane=%00",
           "/api/v1/tasks/%00", "/api/v1/process-models/comp%00laint"]


@pytest.mark.parametrize("url", PUBLIC_NUL)
def test_nul_in_a_public_url_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json["error"]["code"] == "bad_request"


@pytest.mark.parametrize("url", DESK_NUL)
def test_nul_in_a_desk_or_audit_search_is_a_400(client, url):
    login(client, "verifier")
    assert client.get(url).status_code == 400
    login(client, "auditor")
    assert client.get(url.replace("/desk/cases", "/audit/").replace("/desk/", "/audit/")
                      ).status_code == 400


@pytest.mark.parametrize("url", API_NUL)
def test_nul_in_an_api_query_is_a_400_in_the_error_shape(client, world, url):
    response = client.get(url, headers=_bearer(world, "verifier"))
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "bad_request" and error["message"] and error["details"]


def test_nul_in_a_json_error_names_the_parameter(client):
    response = client.get("/cases?q=jalan%00", headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.json["error"]["details"] == {
        "q": ["Karakter NUL tidak diizinkan."]}


OVERSIZED = ["9" * 400, "9223372036854775808", "99999999999999999999", "-1", "１２", "1e9"]


@pytest.mark.parametrize("cursor", OVERSIZED)
def test_a_cursor_no_page_handed_out_is_a_400(client, world, cursor):
    assert client.get(f"/cases?after={cursor}").status_code == 400
    login(client, "verifier")
    assert client.get(f"/desk/cases?after={cursor}").status_code == 400
    login(client, "auditor")
    assert client.get(f"/audit/?after={cursor}").status_code == 400
    api = client.get(f"/api/v1/cases?cursor={cursor}", headers=_bearer(world, "verifier"))
    assert api.status_code == 422 and "cursor" in api.json["error"]["details"]


def test_the_largest_id_is_still_a_cursor(client):
    assert client.get("/cases?after=9223372036854775807").status_code == 200


@pytest.mark.parametrize("cursor", ["9" * 400, "9223372036854775808"])
def test_a_studio_version_page_with_an_oversized_cursor_is_a_400(client, cursor):
    login(client, "owner")
    assert client.get("/studio/models/complaint/versions/1").status_code == 200
    assert client.get(f"/studio/models/complaint/versions/1?after={cursor}").status_code == 400


def test_a_bpmn_upload_with_nul_is_a_422_and_stores_nothing(client, world):
    owner = _bearer(world, "owner")
    bpmn = review_bpmn().replace("</bpmn:definitions>", "\x00</bpmn:definitions>")
    as_json = client.post("/api/v1/process-models/complaint/versions", headers=owner,
                          json={"bpmn": bpmn, "forms": v.review_forms()})
    assert as_json.status_code == 422 and "bpmn" in as_json.json["error"]["details"]
    as_xml = client.post("/api/v1/process-models/complaint/versions",
                         headers={**owner, "Content-Type": "application/xml"},
                         data=bpmn.encode())
    assert as_xml.status_code == 422
    note = client.post("/api/v1/process-models/complaint/versions", headers=owner,
                       json={"bpmn": review_bpmn(), "forms": v.review_forms(), "note": "a\x00"})
    assert note.status_code == 422 and "note" in note.json["error"]["details"]
    forms = client.post("/api/v1/process-models/complaint/versions", headers=owner,
                        json={"bpmn": review_bpmn(), "forms": {"re\x00view": {}}})
    assert forms.status_code == 422 and "forms" in forms.json["error"]["details"]
    assert latest_version().number == 1


def test_a_login_name_with_nul_is_a_wrong_login_not_a_500(client):
    response = client.post("/api/v1/auth/token",
                           json={"username": "verifier\x00", "password": PASSWORD})
    assert response.status_code == 401


def test_a_calendar_day_named_with_nul_is_a_field_error(client):
    login(client, "admin")
    token = csrf(client, "/admin/calendar")
    response = client.post("/admin/calendar", data={"csrf_token": token, "day": "2026-12-24",
                                                    "name": "Cuti\x00 bersama"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="err-name"' in page and "karakter yang tidak diizinkan" in page
    english = client.post("/admin/calendar?lang=en", data={"csrf_token": token,
                                                           "day": "2026-12-24", "name": "\x00"})
    assert "The name holds a character that is not allowed." in english.get_data(as_text=True)


def test_the_calendar_operation_refuses_a_name_with_nul(world):
    from datetime import date

    from domain.cases.calendar import declare_non_working_day
    from domain.errors import InvalidData

    with pytest.raises(InvalidData) as error:
        declare_non_working_day(date(2026, 12, 24), "Cuti\x00", actor=world["users"]["admin"])
    assert "name" in error.value.details
