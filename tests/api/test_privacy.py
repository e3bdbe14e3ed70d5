"""Privacy through the API: officers raise flags and never lower them, the reporter lowers
with X-Reporter-Key; identity reads need a reason, sensitive ones a second approver."""

from __future__ import annotations

from domain.enums import Role
from tests.api.helpers import complete, file_case
from tests.factories import create_user

WHY = {"reason": "Pelapor perlu dihubungi untuk verifikasi"}


def _dispose(client, login, tracking_id: str) -> None:
    coordinator = create_user(Role.COORDINATOR, "medan.secretariat")
    response = complete(client, login(coordinator), tracking_id, decision="valid",
                        summary="Laporan diverifikasi", unit_code="medan.health")
    assert response.status_code == 200, response.json


def test_officer_raises_confidential_never_lowers_and_the_reporter_lowers_with_his_key(
        client, world, login):
    receipt = file_case(client, confidential=False)
    tid, key = receipt["tracking_id"], receipt["reporter_key"]
    _dispose(client, login, tid)
    path = f"/api/v1/cases/{tid}/flags"
    liaison = login(create_user(Role.LIAISON, "medan.health"))
    assert client.post(path, json={"confidential": True}).status_code == 401
    outside = login(create_user(Role.LIAISON, "medan.works"))
    assert client.post(path, json={"confidential": True}, headers=outside).status_code == 404
    raised = client.post(path, json={"confidential": True}, headers=liaison)
    assert raised.status_code == 200
    assert raised.json == {"tracking_id": tid, "anonymous": True, "confidential": True,
                           "changed": ["confidential"]}
    assert client.get(f"/api/v1/cases/{tid}").status_code == 404
    assert tid not in client.get("/cases").get_data(as_text=True)
    lower = client.post(path, json={"confidential": False}, headers=liaison)
    assert lower.status_code == 403
    assert lower.json["error"]["details"] == {"reason": "flag_lowering_needs_reporter"}
    wrong = client.post(path, json={"confidential": False}, headers={"X-Reporter-Key": "x"})
    assert wrong.status_code == 403
    mine = client.post(path, json={"confidential": False}, headers={"X-Reporter-Key": key})
    assert mine.status_code == 200 and mine.json["changed"] == ["confidential"]
    assert client.get(f"/api/v1/cases/{tid}").status_code == 200


def test_identity_read_needs_a_reason(client, world, login):
    tid = file_case(client)["tracking_id"]
    path = f"/api/v1/cases/{tid}/reporter"
    coordinator = login(create_user(Role.COORDINATOR, "medan.secretariat"))
    refused = client.post(path, json={}, headers=coordinator)
    assert refused.status_code == 422
    assert refused.json["error"]["details"] == {"reason": "Wajib diisi."}
    shown = client.post(path, json=WHY, headers=coordinator)
    assert shown.status_code == 200 and shown.json["name"] == "Budi Santoso"


def test_a_sensitive_identity_needs_a_second_officers_approval(client, world, login):
    tid = file_case(client, category="whistleblowing")["tracking_id"]
    asker = login(create_user(Role.COORDINATOR, "medan.secretariat"))
    second = login(create_user(Role.COORDINATOR, "medan.secretariat"))
    path = f"/api/v1/cases/{tid}/reporter"
    early = client.post(path, json=WHY, headers=asker)
    assert early.status_code == 403
    assert early.json["error"]["details"] == {"reason": "identity_needs_approval"}
    asked = client.post(f"{path}/requests", json=WHY, headers=asker)
    assert asked.status_code == 201 and asked.json["approved"] is False
    approval = f"{path}/requests/{asked.json['seq']}/approval"
    assert client.post(approval, headers=asker).status_code == 403  # not his own
    done = client.post(approval, headers=second)
    assert done.status_code == 200 and done.json["approved"] is True
    assert client.post(path, json={}, headers=asker).json["name"] == "Budi Santoso"
