"""Shared steps of the admin API tests: Bandung's regions, and Pemkot Bandung built by the
national admin through `/api/v1/admin/` (an agency, a top unit, a sub-unit, a coordinator)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from domain.db import db
from domain.org.models import Region

COORDINATOR_PASSWORD = "bandung-juara-1"


def bandung_regions() -> None:
    db.session.add_all([
        Region(code="32", name="Jawa Barat", level=1),
        Region(code="32.73", name="Kota Bandung", level=2, parent_code="32"),
        Region(code="32.73.08", name="Cidadap", level=3, parent_code="32.73"),
    ])
    db.session.flush()


def post(client: FlaskClient, headers: dict[str, str], path: str, body: Any = None,
         status: int = 201) -> dict[str, Any]:
    response = client.post(f"/api/v1/admin{path}", headers=headers,
                           json=body if body is not None else {})
    assert response.status_code == status, response.json
    return response.json


def build_bandung(client: FlaskClient, admin: dict[str, str]) -> dict[str, str]:
    """Pemkot Bandung with a secretariat, Dinkes under it and a coordinator; his headers."""
    bandung_regions()
    post(client, admin, "/agencies", {"code": "pemkot-bandung", "region": "32.73",
                                      "name": "Pemerintah Kota Bandung"})
    post(client, admin, "/units", {"code": "bandung.secretariat", "parent": "pemkot-bandung",
                                   "name": "Sekretariat Daerah Kota Bandung"})
    post(client, admin, "/units", {"code": "bandung.health", "parent": "bandung.secretariat",
                                   "name": "Dinas Kesehatan Kota Bandung"})
    post(client, admin, "/users", {"username": "koordinator.bandung", "role": "coordinator",
                                   "unit": "bandung.secretariat", "password": COORDINATOR_PASSWORD,
                                   "name": "Koordinator Pemkot Bandung"})
    token = client.post("/api/v1/auth/token", json={"username": "koordinator.bandung",
                                                    "password": COORDINATOR_PASSWORD})
    assert token.status_code == 200, token.json
    return {"Authorization": f"Bearer {token.json['token']}"}


def error_reason(response: Any) -> Any:
    """The reason code (or field details) of an error answer."""
    return response.json["error"]["details"]
