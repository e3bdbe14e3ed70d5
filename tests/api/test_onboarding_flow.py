"""Issue 9's "done when", as a new agency lives it: import, set a password, receive a case."""

from __future__ import annotations

from pathlib import Path

from domain.cases.models import HumanTask
from domain.cases.tasks import reassign_task
from domain.db import db
from domain.org.models import Region
from domain.org.operations import find_user
from tests.api.helpers import file_case, task_of
from tests.factories import PASSWORD

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "kota-bandung.csv"


def _cli(app, *args: str, input: str | None = None) -> str:
    result = app.test_cli_runner().invoke(args=list(args), input=input)
    assert result.exit_code == 0, result.output
    return result.output


def _token(client, username: str, password: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token",
                           json={"username": username, "password": password})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_an_imported_agency_receives_its_district_s_complaint_and_disposes_it(client, app, world):
    db.session.add_all([
        Region(code="32", name="Jawa Barat", level=1),
        Region(code="32.73", name="Kota Bandung", level=2, parent_code="32"),
        Region(code="32.73.08", name="Cidadap", level=3, parent_code="32.73"),
    ])
    db.session.flush()
    _cli(app, "org", "import", str(EXAMPLE))
    _cli(app, "users", "set-password", "koordinator.bandung", input="bandung-juara-1\n")
    _cli(app, "users", "set-password", "penghubung.dinkes.bandung", input="bandung-juara-2\n")
    filed = file_case(client, region="32.73.08", category="health",
                      title="Puskesmas Cidadap tutup pada jam layanan")
    coordinator = _token(client, "koordinator.bandung", "bandung-juara-1")
    task = task_of(client, coordinator, filed["tracking_id"])
    assert task["spec"] == "verify" and task["lane"] == "coordinator"
    medan = _token(client, "verifier", PASSWORD)
    inbox = client.get("/api/v1/tasks?limit=100", headers=medan).json["items"]
    assert filed["tracking_id"] not in {t["case"]["tracking_id"] for t in inbox}
    done = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=coordinator, json={
        "data": {"decision": "valid", "summary": "Puskesmas tutup pada jam layanan",
                 "unit_code": "bandung.health"},
        "version": task["case"]["version"]})
    assert done.status_code == 200, done.json
    liaison = _token(client, "penghubung.dinkes.bandung", "bandung-juara-2")
    follow_up = task_of(client, liaison, filed["tracking_id"])
    assert follow_up["spec"] == "follow_up" and follow_up["lane"] == "liaison"
    _liaison_leaves_and_his_task_stays_with_the_unit(client, coordinator, follow_up["id"])


def _liaison_leaves_and_his_task_stays_with_the_unit(client, coordinator, task_id) -> None:
    """He took the task; his coordinator deactivates him through the admin API and gives
    the unit a new liaison, who finds the task in his inbox."""
    leaving = find_user("penghubung.dinkes.bandung")
    reassign_task(task_id, leaving, actor=leaving)
    db.session.commit()
    off = client.post("/api/v1/admin/users/penghubung.dinkes.bandung/deactivate",
                      headers=coordinator)
    assert off.status_code == 200 and off.json["active"] is False, off.json
    assert db.session.get(HumanTask, task_id).assignee_id is None
    new = client.post("/api/v1/admin/users", headers=coordinator, json={
        "username": "penghubung2.dinkes.bandung", "name": "Penghubung Baru Dinkes",
        "role": "liaison", "unit": "bandung.health", "password": "bandung-juara-3"})
    assert new.status_code == 201, new.json
    successor = _token(client, "penghubung2.dinkes.bandung", "bandung-juara-3")
    inbox = client.get("/api/v1/tasks?limit=100", headers=successor).json["items"]
    assert task_id in {t["id"] for t in inbox}
