"""Small steps the API tests share (all through HTTP, never the service layer)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.factories import new_report

IDENTITY = ("Budi Santoso", "+6281234567890", "6281234567890", "budi@example.org")


def file_case(client: FlaskClient, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/cases", json=new_report(**overrides))
    assert response.status_code == 201, response.json
    return response.json


def task_of(client: FlaskClient, headers: dict[str, str], tracking_id: str) -> dict[str, Any]:
    """The caller's ready task on this case (read from his inbox)."""
    response = client.get("/api/v1/tasks?limit=100", headers=headers)
    assert response.status_code == 200, response.json
    mine = [t for t in response.json["items"] if t["case"]["tracking_id"] == tracking_id]
    assert len(mine) == 1, response.json
    return mine[0]


def complete(client: FlaskClient, headers: dict[str, str], tracking_id: str,
             **data: Any) -> Any:
    task = task_of(client, headers, tracking_id)
    return client.post(f"/api/v1/tasks/{task['id']}/complete", headers=headers,
                       json={"data": data, "version": task["case"]["version"]})


def assert_no_identity(raw: bytes) -> None:
    text = raw.decode()
    for value in IDENTITY:
        assert value not in text, value
