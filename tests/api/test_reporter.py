"""POST /api/v1/cases/{tracking_id}/responses: the reporter's replies, by key."""

from __future__ import annotations

from tests.api.helpers import complete, file_case


def _on_hold(client, login) -> dict:
    receipt = file_case(client)
    response = complete(client, login("verifier"), receipt["tracking_id"], decision="hold",
                        question="Kapan kejadiannya?")
    assert response.status_code == 200 and response.json["status"] == "hold"
    return receipt


def test_reply_to_a_hold_with_the_key_header(client, world, login):
    receipt = _on_hold(client, login)
    response = client.post(f"/api/v1/cases/{receipt['tracking_id']}/responses",
                           headers={"X-Reporter-Key": receipt["reporter_key"]},
                           json={"data": {"additional_info": "Tanggal 3 November, pagi."}})
    assert response.status_code == 200
    assert response.json["status"] == "verification"


def test_reply_with_the_key_in_the_body(client, world, login):
    receipt = _on_hold(client, login)
    response = client.post(f"/api/v1/cases/{receipt['tracking_id']}/responses",
                           json={"reporter_key": receipt["reporter_key"],
                                 "data": {"additional_info": "Pagi hari."}})
    assert response.status_code == 200


def test_wrong_or_missing_key_is_403(client, world, login):
    receipt = _on_hold(client, login)
    url = f"/api/v1/cases/{receipt['tracking_id']}/responses"
    data = {"data": {"additional_info": "x"}}
    assert client.post(url, headers={"X-Reporter-Key": "guess"}, json=data).status_code == 403
    assert client.post(url, json=data).status_code == 403


def test_reply_when_not_waiting_is_409(client, world):
    receipt = file_case(client)
    response = client.post(f"/api/v1/cases/{receipt['tracking_id']}/responses",
                           headers={"X-Reporter-Key": receipt["reporter_key"]},
                           json={"data": {"additional_info": "Tambahan."}})
    assert response.status_code == 409


def test_invalid_reply_is_422(client, world, login):
    receipt = _on_hold(client, login)
    url = f"/api/v1/cases/{receipt['tracking_id']}/responses"
    headers = {"X-Reporter-Key": receipt["reporter_key"]}
    empty = client.post(url, headers=headers, json={"data": {"additional_info": ""}})
    assert empty.status_code == 422 and "additional_info" in empty.json["error"]["details"]
    no_data = client.post(url, headers=headers, json={})
    assert no_data.status_code == 422 and "data" in no_data.json["error"]["details"]


def test_unknown_case_is_404(client, world):
    response = client.post("/api/v1/cases/ZZZZZZZZ/responses",
                           headers={"X-Reporter-Key": "x"}, json={"data": {}})
    assert response.status_code == 404
