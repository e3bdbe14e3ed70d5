"""An agency covers further areas beside its seat region (issue 9: "agencies, with the
regions they cover"): a case from any of them, or from an area below one, goes to it."""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.org.models import Region
from domain.org.regions import agency_for_region
from tests.api.admin_support import error_reason, post
from tests.factories import submit


def _west_java() -> None:
    db.session.add_all([
        Region(code="32", name="Jawa Barat", level=1),
        Region(code="32.73", name="Kota Bandung", level=2, parent_code="32"),
        Region(code="32.04", name="Kabupaten Bandung", level=2, parent_code="32"),
        Region(code="32.04.05", name="Soreang", level=3, parent_code="32.04"),
        Region(code="32.17", name="Kabupaten Bandung Barat", level=2, parent_code="32"),
    ])
    db.session.flush()


def _last(kind: str) -> CaseEvent:
    return db.session.scalars(sa.select(CaseEvent).where(CaseEvent.kind == kind)
                              .order_by(CaseEvent.id.desc())).first()


def test_a_case_from_a_further_area_goes_to_the_agency_that_covers_it(client, world, login):
    admin = login("admin")
    _west_java()
    created = post(client, admin, "/agencies", {
        "code": "bandung-raya", "name": "Layanan Bandung Raya", "region": "32.73",
        "areas": ["32.17", " 32.04 ", "32.04", "32.73"]})
    assert created["areas"] == ["32.04", "32.17"]  # trimmed, once each, the seat left out
    assert _last("agency_created").payload["areas"] == ["32.04", "32.17"]
    post(client, admin, "/units", {"code": "bandung-raya.secretariat", "name": "Sekretariat",
                                   "parent": "bandung-raya"})
    assert submit(region="32.04.05", category="other").case.agency.code == "bandung-raya"
    assert agency_for_region("32.17").code == "bandung-raya"


def test_the_most_specific_area_still_wins(client, world, login):
    admin = login("admin")
    _west_java()
    post(client, admin, "/agencies", {"code": "bandung-raya", "name": "Layanan Bandung Raya",
                                      "region": "32.73", "areas": ["32.04"]})
    post(client, admin, "/agencies", {"code": "kec-soreang", "name": "Kecamatan Soreang",
                                      "region": "32.04.05"})
    assert agency_for_region("32.04.05").code == "kec-soreang"
    assert agency_for_region("32.04").code == "bandung-raya"


def test_further_areas_are_replaced_dropped_and_audited(client, world, login):
    admin = login("admin")
    _west_java()
    post(client, admin, "/agencies", {"code": "bandung-raya", "name": "Layanan Bandung Raya",
                                      "region": "32.73", "areas": ["32.04"]})
    moved = client.patch("/api/v1/admin/agencies/bandung-raya", headers=admin,
                         json={"areas": ["32.17"]})
    assert moved.status_code == 200 and moved.json["areas"] == ["32.17"]
    assert _last("agency_updated").payload == {"key": "bandung-raya", "areas": ["32.17"]}
    assert agency_for_region("32.04") is None
    renamed = client.patch("/api/v1/admin/agencies/bandung-raya", headers=admin,
                           json={"name": "Layanan Bandung Raya (baru)"})
    assert renamed.json["areas"] == ["32.17"]  # absent: unchanged
    dropped = client.patch("/api/v1/admin/agencies/bandung-raya", headers=admin,
                           json={"areas": []})
    assert dropped.json["areas"] == [] and agency_for_region("32.17") is None


def test_unknown_further_areas_and_areas_without_a_seat_are_refused(client, world, login):
    admin = login("admin")
    _west_java()
    unknown = client.post("/api/v1/admin/agencies?lang=en", headers=admin, json={
        "code": "bandung-raya", "name": "Layanan", "region": "32.73",
        "areas": ["32.04", "99.99", "98"]})
    assert unknown.status_code == 422
    assert "98, 99.99" in error_reason(unknown)["areas"]
    seatless = client.post("/api/v1/admin/agencies", headers=admin, json={
        "code": "lembaga", "name": "Lembaga Nasional", "kind": "ministry", "areas": ["32.04"]})
    assert seatless.status_code == 422 and "areas" in error_reason(seatless)
    assert agency_for_region("32.04") is None  # nothing of either was written
