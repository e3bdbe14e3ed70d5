"""Intake, tracking and the officer's case list."""

from __future__ import annotations

import pytest

from domain.enums import Role
from domain.org.models import User
from tests.api.helpers import assert_no_identity, complete, file_case
from tests.factories import create_user, intake, new_report


@pytest.fixture
def officers(world) -> dict[str, User]:
    """Fresh officers whose scope the tests ask about, named by role and unit."""
    return {"coordinator": create_user(Role.COORDINATOR, "medan.secretariat"),
            "coordinator.dki": create_user(Role.COORDINATOR, "dki.secretariat"),
            "liaison.health": create_user(Role.LIAISON, "medan.health"),
            "liaison.works": create_user(Role.LIAISON, "medan.works"),
            "auditor": create_user(Role.AUDITOR)}


def dispose(client, login, receipt, unit):
    coordinator = create_user(Role.COORDINATOR, "medan.secretariat")
    response = complete(client, login(coordinator), receipt["tracking_id"], decision="valid",
                        summary="Laporan diverifikasi", unit_code=unit)
    assert response.status_code == 200, response.json


def test_intake_answers_with_the_receipt(client, world):
    response = client.post("/api/v1/cases", json=intake())
    assert response.status_code == 201
    body = response.json
    assert len(body["tracking_id"]) == 8 and body["display_id"][4] == "-"
    assert len(body["reporter_key"]) >= 22  # 128 bits, url-safe base64
    assert body["status"] == "verification"
    assert body["links"]["self"] == f"/api/v1/cases/{body['tracking_id']}"
    assert response.headers["Location"] == body["links"]["self"]
    assert response.headers["Cache-Control"] == "no-store"
    assert_no_identity(response.data)


def test_intake_field_errors_are_422(client, world):
    response = client.post("/api/v1/cases?lang=en",
                           json=intake(title="", category="weather", region="Medan"))
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "invalid" and error["message"] == "Please check your input."
    assert {"title", "category", "region"} <= set(error["details"])


def test_intake_is_rate_limited(client, world, settings_override):
    settings_override(rate_limit_intake="2 per minute")
    codes = [client.post("/api/v1/cases", json=new_report()).status_code for _ in range(3)]
    assert codes == [201, 201, 429]


def test_public_view_has_the_timeline_with_deadlines_and_rules(client, world):
    receipt = file_case(client)
    response = client.get(f"/api/v1/cases/{receipt['display_id'].lower()}")
    assert response.status_code == 200
    case = response.json
    assert case["tracking_id"] == receipt["tracking_id"] and case["status"] == "verification"
    assert case["status_label"] == "Sedang diverifikasi"
    assert case["awaiting_reporter"] is None  # no key, no reporter's form
    kinds = [step["kind"] for step in case["timeline"]]
    assert kinds[0] == "case_submitted" and "task_assigned" in kinds
    assigned = next(s for s in case["timeline"] if s["kind"] == "task_assigned")
    assert assigned["due_at"] and assigned["rule"]["id"] == "verify_3hk"
    assert assigned["rule"]["label"] == "Verifikasi dan disposisi dalam 3 hari kerja"
    assert assigned["text"].startswith("Menunggu koordinator instansi")
    assert case["due_rule"]["id"] == "verify_3hk"
    assert_no_identity(response.data)


def test_public_view_speaks_english_on_request(client, world):
    receipt = file_case(client)
    case = client.get(f"/api/v1/cases/{receipt['tracking_id']}?lang=en").json
    assigned = next(s for s in case["timeline"] if s["kind"] == "task_assigned")
    assert assigned["rule"]["label"] == "Verify and dispose within 3 working days"
    assert case["status_label"] == "Being verified"


def test_named_reporter_is_not_in_the_public_view_either(client, world):
    receipt = file_case(client, anonymous=False)
    response = client.get(f"/api/v1/cases/{receipt['tracking_id']}")
    assert response.status_code == 200
    assert_no_identity(response.data)


def test_tracking_lookups_are_rate_limited(client, world, settings_override):
    receipt = file_case(client)
    settings_override(rate_limit_tracking="2 per minute")
    codes = [client.get(f"/api/v1/cases/{receipt['tracking_id']}").status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/cases/ZZZZZZZZ").status_code == 429  # per address, any id


def test_confidential_case_opens_only_to_key_or_scope(client, world, login, officers):
    receipt = file_case(client, confidential=True)
    path = f"/api/v1/cases/{receipt['tracking_id']}"
    assert client.get(path).status_code == 404
    assert client.get(path, headers={"X-Reporter-Key": "wrong"}).status_code == 404
    own = client.get(path, headers={"X-Reporter-Key": receipt["reporter_key"]})
    assert own.status_code == 200 and own.json["confidential"] is True
    assert client.get(path, headers=login(officers["coordinator"])).status_code == 200
    # The routing table only suggests Dinas Kesehatan: its officers read the case once the
    # verifier disposes it to them, not while it is being verified.
    assert client.get(path, headers=login(officers["liaison.health"])).status_code == 404
    dispose(client, login, receipt, "medan.health")
    assert client.get(path, headers=login(officers["liaison.health"])).status_code == 200
    assert client.get(path, headers=login(officers["liaison.works"])).status_code == 404
    assert_no_identity(own.data)


def test_officer_list_is_scoped(client, world, login, officers):
    health = file_case(client)
    roads = file_case(client, category="roads", title="Jalan berlubang di depan sekolah",
                      description="Lubang besar di Jl. Gatot Subroto membahayakan pengendara.")
    ids = lambda name: {c["tracking_id"] for c in  # noqa: E731
                        client.get("/api/v1/cases",
                                   headers=login(officers[name])).json["items"]}
    assert {health["tracking_id"], roads["tracking_id"]} <= ids("coordinator")
    # Still in verification: the suggested units' officers see neither.
    assert ids("liaison.health").isdisjoint({health["tracking_id"], roads["tracking_id"]})
    assert ids("liaison.works").isdisjoint({health["tracking_id"], roads["tracking_id"]})
    dispose(client, login, health, "medan.health")
    dispose(client, login, roads, "medan.works")
    assert health["tracking_id"] in ids("liaison.health")
    assert roads["tracking_id"] not in ids("liaison.health")
    assert health["tracking_id"] not in ids("liaison.works")
    assert roads["tracking_id"] in ids("liaison.works")
    assert {health["tracking_id"], roads["tracking_id"]} <= ids("auditor")
    assert ids("coordinator.dki").isdisjoint({health["tracking_id"], roads["tracking_id"]})


def test_officer_list_filters_and_pages(client, world, login, officers):
    filed = [file_case(client)["tracking_id"] for _ in range(3)]
    roads = file_case(client, category="roads", title="Jalan berlubang di depan sekolah",
                      description="Lubang besar di Jl. Gatot Subroto membahayakan pengendara.")
    headers = login(officers["coordinator"])
    seen, cursor = [], None
    for _ in range(10):
        query = {"limit": 2, "category": "health", "region": "12"}
        if cursor:
            query["cursor"] = cursor
        page = client.get("/api/v1/cases", headers=headers, query_string=query).json
        seen += [c["tracking_id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(filed))  # newest first, each once, no roads case
    assert client.get("/api/v1/cases?unit=medan.works", headers=headers).json["items"] == []
    dispose(client, login, roads, "medan.works")  # a case has a unit once disposed
    by_unit = client.get("/api/v1/cases?unit=medan.works", headers=headers).json["items"]
    assert [c["tracking_id"] for c in by_unit] == [roads["tracking_id"]]
    closed = client.get("/api/v1/cases?status=closed", headers=headers).json
    assert closed == {"items": [], "next_cursor": None}
    assert client.get("/api/v1/cases?region=12.71", headers=headers).json["items"]


def test_officer_list_rejects_bad_filters(client, world, login, officers):
    headers = login(officers["coordinator"])
    for query in ("cursor=abc", "status=lost", "unit=nowhere", "limit=1000"):
        response = client.get(f"/api/v1/cases?{query}", headers=headers)
        assert response.status_code == 422, query
        assert response.json["error"]["details"]


def test_list_items_carry_no_identity(client, world, login, officers):
    file_case(client, anonymous=False)
    response = client.get("/api/v1/cases", headers=login(officers["coordinator"]))
    assert response.status_code == 200
    assert_no_identity(response.data)


def test_identity_endpoint_for_the_verifying_role_is_audited(client, world, login, officers):
    receipt = file_case(client)
    path = f"/api/v1/cases/{receipt['tracking_id']}/reporter"
    why = {"json": {"reason": "Verifikasi: pelapor perlu dihubungi"}}
    assert client.post(path, **why).status_code == 401
    assert client.post(path, headers=login(officers["liaison.works"]), **why).status_code == 404
    not_disposed = client.post(path, headers=login(officers["liaison.health"]), **why)
    assert not_disposed.status_code == 404  # not disposed
    assert client.post(path, headers=login(officers["auditor"]), **why).status_code == 403
    response = client.post(path, headers=login(officers["coordinator"]), **why)
    assert response.status_code == 200
    assert response.json["name"] == "Budi Santoso"
    assert response.headers["Cache-Control"] == "no-store"
    from domain.audit.models import CaseEvent
    from domain.db import db

    kinds = [e.kind for e in db.session.query(CaseEvent).filter(
        CaseEvent.kind == "identity_viewed")]
    assert kinds == ["identity_viewed"]
    dispose(client, login, receipt, "medan.health")
    # The unit reads the case once it is disposed to it, never the reporter's identity.
    assert client.post(path, headers=login(officers["liaison.health"]), **why).status_code == 403


def test_verifier_hold_shows_the_question_to_the_key_holder(client, world, login, officers):
    receipt = file_case(client)
    complete(client, login(officers["coordinator"]), receipt["tracking_id"], decision="hold",
             question="Mohon sebutkan nama puskesmas.")
    path = f"/api/v1/cases/{receipt['tracking_id']}"
    own = client.get(path, headers={"X-Reporter-Key": receipt["reporter_key"]}).json
    assert own["status"] == "hold"
    assert own["awaiting_reporter"]["task"] == "reporter_info"
    assert own["awaiting_reporter"]["rule"]["id"] == "reporter_hold_10hk"
    assert "additional_info" in own["awaiting_reporter"]["form"]["schema"]["properties"]
    texts = [t["text"] for s in own["timeline"] for t in s["texts"]]
    assert "Mohon sebutkan nama puskesmas." in texts
    public = client.get(path).json
    assert public["awaiting_reporter"] is None


def test_bidi_overrides_are_stripped_at_intake(client, world):
    """The classic trick: U+202E makes `...\u202efdp.exe` read `...exe.pdf` on screen."""
    receipt = file_case(client, confidential=False, title="Tagihan liar \u202efdp.exe",
                        location="\u2067Jl. Melati\u2069 \u200f7",
                        description="Uraian \u202ddengan\u202c tanda arah \u200f yang sah.")
    body = client.get(f"/api/v1/cases/{receipt['tracking_id']}").json
    assert body["title"] == "Tagihan liar fdp.exe"
    assert body["location"] == "Jl. Melati 7"
    own = client.get(f"/api/v1/cases/{receipt['tracking_id']}",
                     headers={"X-Reporter-Key": receipt["reporter_key"]}).json
    assert own["description"] == "Uraian dengan tanda arah \u200f yang sah."  # marks stay
    only_bidi = client.post("/api/v1/cases", json=intake(title="\u202e\u202e\u202e\u202e\u202e"))
    assert only_bidi.status_code == 422 and "title" in only_bidi.json["error"]["details"]
