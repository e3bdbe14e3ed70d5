"""The officer's inbox, a task with its form, and completing it."""

from __future__ import annotations

from domain.enums import Role
from tests.api.helpers import assert_no_identity, file_case, task_of
from tests.factories import create_user


def test_inbox_lists_my_ready_tasks_soonest_first(client, world, login, coordinator, liaison):
    first = file_case(client)
    second = file_case(client)
    headers = login(coordinator)
    page = client.get("/api/v1/tasks", headers=headers).json
    cases = [t["case"]["tracking_id"] for t in page["items"]]
    assert sorted(cases) == sorted([first["tracking_id"], second["tracking_id"]])
    keys = [(t["due_at"], t["id"]) for t in page["items"]]
    assert keys == sorted(keys)  # soonest deadline first, then a stable tie-break
    task = page["items"][0]
    assert task["spec"] == "verify" and task["lane"] == "coordinator"
    assert task["due_rule"] == "verify_3hk" and task["due_at"]
    assert client.get("/api/v1/tasks", headers=login(liaison)).json["items"] == []


def test_inbox_pages_with_a_cursor(client, world, login, coordinator):
    filed = [file_case(client)["tracking_id"] for _ in range(3)]
    headers = login(coordinator)
    page = client.get("/api/v1/tasks?limit=2", headers=headers).json
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = client.get("/api/v1/tasks", headers=headers,
                      query_string={"limit": 2, "cursor": page["next_cursor"]}).json
    seen = [t["case"]["tracking_id"] for t in page["items"] + rest["items"]]
    assert sorted(seen) == sorted(filed) and rest["next_cursor"] is None
    bad = client.get("/api/v1/tasks?cursor=nonsense|x", headers=headers)
    assert bad.status_code == 422


def test_task_detail_has_its_form_and_case(client, world, login, coordinator):
    receipt = file_case(client)
    headers = login(coordinator)
    task = task_of(client, headers, receipt["tracking_id"])
    response = client.get(f"/api/v1/tasks/{task['id']}?lang=en", headers=headers)
    assert response.status_code == 200
    body = response.json
    assert body["form"]["schema"]["required"] == ["decision"]
    assert body["form"]["ui"]["labels"]["decision"]["en"] == "Verification decision"
    assert body["rule"]["label"] == "Verify and dispose within 3 working days"
    assert body["case"]["description"].startswith("Sudah tiga minggu")
    assert body["version"] == body["case"]["version"] and body["ready"] is True
    assert_no_identity(response.data)


def test_task_outside_scope_is_404(client, world, login, coordinator):
    receipt = file_case(client)
    task = task_of(client, login(coordinator), receipt["tracking_id"])
    outsiders = [create_user(Role.LIAISON, "medan.works"),
                 create_user(Role.COORDINATOR, "dki.secretariat"), create_user(Role.AUDITOR)]
    for user in outsiders:
        headers = login(user)
        assert client.get(f"/api/v1/tasks/{task['id']}", headers=headers).status_code == 404
        response = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=headers,
                               json={"data": {"decision": "archive", "reason": "x"},
                                     "version": 1})
        assert response.status_code == 404, user.username
    assert client.get("/api/v1/tasks/no-such-task", headers=login(coordinator)).status_code == 404


def test_complete_returns_the_new_state(client, world, login, coordinator):
    receipt = file_case(client)
    headers = login(coordinator)
    task = task_of(client, headers, receipt["tracking_id"])
    response = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=headers, json={
        "data": {"decision": "valid", "summary": "Obat hipertensi kosong",
                 "unit_code": "medan.health"},
        "version": task["case"]["version"]})
    assert response.status_code == 200
    assert response.json["status"] == "follow_up"
    assert response.json["version"] > task["case"]["version"]
    assert response.json["status_label"] == "Sedang ditindaklanjuti"


def test_invalid_form_data_is_422_with_field_errors(client, world, login, coordinator):
    receipt = file_case(client)
    headers = login(coordinator)
    task = task_of(client, headers, receipt["tracking_id"])
    url = f"/api/v1/tasks/{task['id']}/complete"
    response = client.post(url + "?lang=en", headers=headers, json={
        "data": {"decision": "valid"}, "version": task["case"]["version"]})
    assert response.status_code == 422
    assert {"summary", "unit_code"} <= set(response.json["error"]["details"])
    unknown_unit = client.post(url, headers=headers, json={
        "data": {"decision": "valid", "summary": "x", "unit_code": "mars.office"},
        "version": task["case"]["version"]})
    assert unknown_unit.status_code == 422
    assert "unit_code" in unknown_unit.json["error"]["details"]
    no_version = client.post(url, headers=headers, json={"data": {"decision": "hold"}})
    assert no_version.status_code == 422
    assert "version" in no_version.json["error"]["details"]


def test_stale_version_and_second_completion_are_409(client, world, login, coordinator):
    receipt = file_case(client)
    headers = login(coordinator)
    task = task_of(client, headers, receipt["tracking_id"])
    url = f"/api/v1/tasks/{task['id']}/complete"
    data = {"decision": "archive", "reason": "Spam."}
    stale = client.post(url, headers=headers, json={"data": data,
                                                     "version": task["case"]["version"] - 1})
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "conflict"
    ok = client.post(url, headers=headers, json={"data": data,
                                                  "version": task["case"]["version"]})
    assert ok.status_code == 200
    again = client.post(url + "?lang=en", headers=headers,
                        json={"data": data, "version": task["case"]["version"]})
    assert again.status_code == 409
    assert "reload" in again.json["error"]["message"]  # English, whichever catalog words it
    detail = client.get(f"/api/v1/tasks/{task['id']}", headers=headers).json
    assert detail["ready"] is False and detail["state"] == "completed"
