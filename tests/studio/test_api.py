"""/api/v1/process-models: list, read, upload (422 with element ids), four-eyes deploy."""

from __future__ import annotations

import os

import pytest

from domain.db import db
from domain.enums import Role
from domain.processes.operations import latest_version
from tests.factories import submit
from tests.studio import variants as v
from tests.studio.helpers import make_user, review_bpmn
from web.auth import issue_token

MARKER = "/tmp/aduan-pwned"


@pytest.fixture(autouse=True)
def _world_survives_error_responses(world):
    """A 4xx response rolls the request back; commit the world into the test's transaction."""
    db.session.commit()


def _auth(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(user)}"}


def test_non_owners_get_403_and_anonymous_401(client, world):
    assert client.get("/api/v1/process-models").status_code == 401
    headers = _auth(world["users"]["liaison.health"])
    assert client.get("/api/v1/process-models", headers=headers).status_code == 403
    upload = client.post("/api/v1/process-models/complaint/versions", headers=headers,
                         data=v.shipped_bpmn(), content_type="application/xml")
    assert upload.status_code == 403


def test_list_and_get_versions(client, world):
    submit()
    headers = _auth(world["users"]["owner"])
    listing = client.get("/api/v1/process-models", headers=headers).get_json()
    assert [m["key"] for m in listing["items"]] == ["complaint"]
    assert listing["items"][0]["versions"][0]["running_cases"] == 1
    model = client.get("/api/v1/process-models/complaint", headers=headers).get_json()
    assert model["latest_version"] == 1
    version = client.get("/api/v1/process-models/complaint/versions/1", headers=headers)
    assert version.status_code == 200 and "<bpmn:process" in version.get_json()["bpmn"]
    assert client.get("/api/v1/process-models/nope", headers=headers).status_code == 404


def test_script_importing_os_is_refused_with_its_element_and_never_runs(client, world):
    headers = _auth(world["users"]["owner"])
    response = client.post("/api/v1/process-models/complaint/versions", headers=headers,
                           data=v.with_os_script(v.shipped_bpmn()),
                           content_type="application/xml")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_process"
    assert [d["element_id"] for d in error["details"]] == ["init"]
    assert "import" in error["details"][0]["message"]
    assert not os.path.exists(MARKER)
    assert latest_version().number == 1


def test_owner_upload_waits_for_a_second_owner(client, world):
    owner = world["users"]["owner"]
    second = make_user("owner.two", Role.PROCESS_OWNER)
    # The shipped scenarios stand in its way (the answer now goes to a review first).
    body = {"bpmn": review_bpmn(), "forms": v.review_forms(), "note": "review step"}
    accepted = client.post("/api/v1/process-models/complaint/versions", headers=_auth(owner),
                           json=body)
    assert accepted.status_code == 202, accepted.get_json()
    draft = accepted.get_json()
    assert draft["status"] == "submitted"
    refused = client.post(draft["approve_url"], headers=_auth(second))
    assert refused.status_code == 422
    assert "Valid, dijawab, diterima pelapor" in refused.get_json()["error"]["details"][
        "scenarios"]
    assert latest_version().number == 1

    accepted = client.post("/api/v1/process-models/complaint/versions", headers=_auth(owner),
                           json=body | {"scenarios": []})
    draft = accepted.get_json()
    own = client.post(draft["approve_url"], headers=_auth(owner))
    assert own.status_code == 403
    approved = client.post(draft["approve_url"], headers=_auth(second))
    assert approved.status_code == 201
    assert approved.get_json()["number"] == 2
    assert approved.headers["Location"].endswith("/process-models/complaint/versions/2")
    assert client.post(draft["approve_url"], headers=_auth(second)).status_code == 409


def test_sysadmin_deploys_directly(client, world):
    response = client.post("/api/v1/process-models/complaint/versions",
                           headers=_auth(world["users"]["sysadmin"]),
                           data=v.renamed(v.shipped_bpmn(), "verify", "Verifikasi"),
                           content_type="application/xml")
    assert response.status_code == 201 and response.get_json()["number"] == 2
    assert submit().case.process_version_id == latest_version().id
