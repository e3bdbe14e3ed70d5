"""A whole case driven only through the API, and two officers racing one completion."""

from __future__ import annotations

import threading

import pytest
from flask.testing import FlaskClient

from tests.api.helpers import assert_no_identity, complete, file_case, task_of
from tests.conftest import FreshContextClient
from tests.factories import PASSWORD


def test_full_lifecycle_through_the_api(client, world, login, coordinator, liaison):
    receipt = file_case(client)
    tracking_id = receipt["tracking_id"]

    verified = complete(client, login(coordinator), tracking_id, decision="valid",
                        summary="Obat hipertensi kosong di Puskesmas Medan Baru",
                        unit_code="medan.health")
    assert verified.status_code == 200 and verified.json["status"] == "follow_up"

    answered = complete(client, login(liaison), tracking_id, decision="answer",
                        answer="Stok obat sudah dikirim dari gudang farmasi kota.")
    assert answered.status_code == 200 and answered.json["status"] == "responded"

    own = client.get(f"/api/v1/cases/{tracking_id}",
                     headers={"X-Reporter-Key": receipt["reporter_key"]}).json
    assert own["awaiting_reporter"]["task"] == "reporter_response"
    accepted = client.post(f"/api/v1/cases/{tracking_id}/responses",
                           headers={"X-Reporter-Key": receipt["reporter_key"]},
                           json={"data": {"action": "accept", "rating": 5}})
    assert accepted.status_code == 200 and accepted.json["status"] == "closed"

    public = client.get(f"/api/v1/cases/{tracking_id}?lang=en")
    case = public.json
    assert case["status"] == "closed" and case["rating"] == 5 and case["closed_at"]
    assert case["title"] == "Obat hipertensi kosong di Puskesmas Medan Baru"
    statuses = [s["status"] for s in case["timeline"] if s["kind"] == "status_changed"]
    assert statuses[-3:] == ["follow_up", "responded", "closed"]
    answers = [t["text"] for s in case["timeline"] for t in s["texts"]]
    assert answers == ["Stok obat sudah dikirim dari gudang farmasi kota."]
    assert_no_identity(public.data)
    assert client.get("/api/v1/tasks", headers=login(liaison)).json["items"] == []


def test_after_the_one_reopen_the_api_offers_the_final_response_form(
        client, world, login, coordinator, liaison):
    receipt = file_case(client)
    tracking_id, key = receipt["tracking_id"], {"X-Reporter-Key": receipt["reporter_key"]}
    complete(client, login(coordinator), tracking_id, decision="valid", summary="Obat kosong",
             unit_code="medan.health")
    complete(client, login(liaison), tracking_id, decision="answer", answer="Sudah.")
    reopened = client.post(f"/api/v1/cases/{tracking_id}/responses", headers=key,
                           json={"data": {"action": "reopen", "comment": "Masih kosong."}})
    assert reopened.status_code == 200 and reopened.json["status"] == "follow_up"
    complete(client, login(liaison), tracking_id, decision="answer", answer="Kini ada.")
    awaiting = client.get(f"/api/v1/cases/{tracking_id}", headers=key).json["awaiting_reporter"]
    assert awaiting["task"] == "reporter_response_final"
    assert awaiting["rule"]["id"] == "response_10hk" and awaiting["due_at"]
    assert awaiting["form"]["schema"]["properties"]["action"]["enum"] == ["accept"]
    refused = client.post(f"/api/v1/cases/{tracking_id}/responses", headers=key,
                          json={"data": {"action": "reopen", "comment": "Masih belum."}})
    assert refused.status_code == 422 and "action" in refused.json["error"]["details"]
    accepted = client.post(f"/api/v1/cases/{tracking_id}/responses", headers=key,
                           json={"data": {"action": "accept", "rating": 3}})
    assert accepted.status_code == 200 and accepted.json["status"] == "closed"


def _token(client: FlaskClient, username: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"username": username,
                                                       "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json['token']}"}


@pytest.mark.postgres_only  # the race is decided by PostgreSQL's row lock on the case
def test_two_clients_racing_one_completion(app, committed_db, redis_conn):
    """Real commits, two threads, one version: exactly one 200 and one 409."""
    from domain.db import db
    from domain.enums import Role
    from tests.factories import build_world, create_user

    build_world()
    username = create_user(Role.COORDINATOR, "medan.secretariat").username
    db.session.commit()
    setup = FreshContextClient(app, app.response_class, use_cookies=False)
    receipt = file_case(setup)
    headers = _token(setup, username)
    task = task_of(setup, headers, receipt["tracking_id"])
    db.session.remove()

    barrier = threading.Barrier(2)
    codes: list[int] = []
    bodies = [{"decision": "archive", "reason": "Spam."},
              {"decision": "valid", "summary": "Obat kosong", "unit_code": "medan.health"}]

    def click(data: dict) -> None:
        racer = FreshContextClient(app, app.response_class, use_cookies=False)
        barrier.wait()
        response = racer.post(f"/api/v1/tasks/{task['id']}/complete", headers=headers,
                              json={"data": data, "version": task["case"]["version"]})
        codes.append(response.status_code)

    threads = [threading.Thread(target=click, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(codes) == [200, 409]
    case = setup.get(f"/api/v1/cases/{receipt['tracking_id']}").json
    assert case["version"] == task["case"]["version"] + 1
