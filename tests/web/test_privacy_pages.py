"""Privacy on the pages: desk buttons raise flags, the reporter lowers them on /track, the
identity opens with a reason (and a second officer's approval when sensitive), the auditor
reads every look."""

from __future__ import annotations

import re

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import Case
from domain.db import db
from domain.enums import Role
from tests.factories import complete, create_user, submit
from tests.web.helpers import csrf, login

WHY = "Pelapor perlu dihubungi untuk verifikasi"


def _dispose(case: Case) -> None:
    complete(case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary=case.title, unit_code="medan.health")


def _events(case_id: int, kind: str) -> list[CaseEvent]:
    return list(db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.case_id == case_id, CaseEvent.kind == kind).order_by(CaseEvent.seq)).scalars())


def test_officer_raises_confidential_on_the_desk_and_the_public_loses_the_case_at_once(
        client, other_client, world):
    receipt = submit(confidential=False, title="Pungutan liar di loket puskesmas")
    _dispose(receipt.case)
    tid = receipt.tracking_id
    assert "Pungutan liar" in other_client.get("/cases").get_data(as_text=True)
    assert other_client.get(f"/track/{tid}").status_code == 200
    login(client, create_user(Role.LIAISON, "medan.health"))
    page = client.get(f"/desk/cases/{tid}").get_data(as_text=True)
    assert 'id="raise-confidential"' in page and 'id="raise-anonymous"' not in page
    assert "lower-" not in page  # the desk has no way down
    token = csrf(client, f"/desk/cases/{tid}")
    assert client.post(f"/desk/cases/{tid}/flags",
                       data={"flag": "confidential"}).status_code == 400  # no CSRF token
    done = client.post(f"/desk/cases/{tid}/flags",
                       data={"csrf_token": token, "flag": "confidential"})
    assert done.status_code == 303
    assert "Pungutan liar" not in other_client.get("/cases").get_data(as_text=True)
    assert other_client.get(f"/track/{tid}").status_code == 404
    assert other_client.get(f"/api/v1/cases/{tid}").status_code == 404
    assert len(_events(receipt.case.id, "flags_raised")) == 1
    page = client.get(f"/desk/cases/{tid}").get_data(as_text=True)
    assert 'id="flag-confidential"' in page and 'id="raise-confidential"' not in page


def test_the_reporter_lowers_confidential_on_the_tracking_page_with_his_key(client, world):
    receipt = submit(confidential=True)
    case_id, tid = receipt.case.id, receipt.tracking_id
    db.session.commit()
    token = csrf(client, f"/track/{tid}")  # the key form of the not-found page
    private = client.post(f"/track/{tid}", data={"csrf_token": token,
                                                  "reporter_key": receipt.reporter_key})
    assert 'id="lower-confidential"' in private.get_data(as_text=True)
    wrong = client.post(f"/track/{tid}/flags", data={
        "csrf_token": token, "reporter_key": "salah", "flag": "confidential"})
    assert wrong.status_code == 404 and client.get(f"/track/{tid}").status_code == 404
    lowered = client.post(f"/track/{tid}/flags", data={
        "csrf_token": token, "reporter_key": receipt.reporter_key, "flag": "confidential"})
    assert lowered.status_code == 200
    assert client.get(f"/track/{tid}").status_code == 200
    (event,) = _events(case_id, "flags_lowered")
    assert event.actor == "reporter" and event.payload["flags"] == ["confidential"]


def test_the_desk_opens_an_anonymous_identity_only_with_a_reason(client, world):
    receipt = submit(anonymous=True)
    tid = receipt.tracking_id
    login(client, create_user(Role.COORDINATOR, "medan.secretariat"))
    token = csrf(client, f"/desk/cases/{tid}")
    refused = client.post(f"/desk/cases/{tid}/identity", data={"csrf_token": token})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Tuliskan alasan membuka identitas pelapor." in text and "Budi Santoso" not in text
    english = client.post(f"/desk/cases/{tid}/identity?lang=en", data={"csrf_token": token})
    assert "Write down why you open the reporter" in english.get_data(as_text=True)
    assert _events(receipt.case.id, "identity_viewed") == []
    shown = client.post(f"/desk/cases/{tid}/identity", data={"csrf_token": token, "reason": WHY})
    assert shown.status_code == 200 and "Budi Santoso" in shown.get_data(as_text=True)
    assert _events(receipt.case.id, "identity_viewed")[0].payload["reason"] == WHY


def test_a_sensitive_identity_on_the_desk_waits_for_a_second_officer(client, other_client,
                                                                        world):
    receipt = submit(anonymous=True, category="whistleblowing")
    tid = receipt.tracking_id
    login(client, create_user(Role.COORDINATOR, "medan.secretariat"))
    page = client.get(f"/desk/cases/{tid}").get_data(as_text=True)
    assert 'id="request-identity"' in page and 'id="show-identity"' not in page
    token = csrf(client, f"/desk/cases/{tid}")
    asked = client.post(f"/desk/cases/{tid}/identity/requests",
                        data={"csrf_token": token, "reason": WHY})
    assert asked.status_code == 303
    assert 'id="identity-waiting"' in client.get(f"/desk/cases/{tid}").get_data(as_text=True)
    refused = client.post(f"/desk/cases/{tid}/identity", data={"csrf_token": token})
    assert refused.status_code == 303 and _events(receipt.case.id, "identity_viewed") == []

    login(other_client, create_user(Role.COORDINATOR, "medan.secretariat"))
    second = other_client.get(f"/desk/cases/{tid}").get_data(as_text=True)
    action = re.search(r'action="([^"]+/approve)"', second).group(1)
    assert WHY in second
    approved = other_client.post(action, data={"csrf_token": csrf(other_client,
                                                                  f"/desk/cases/{tid}")})
    assert approved.status_code == 303

    page = client.get(f"/desk/cases/{tid}").get_data(as_text=True)
    assert 'id="show-identity"' in page
    shown = client.post(f"/desk/cases/{tid}/identity", data={"csrf_token": token})
    assert shown.status_code == 200 and "Budi Santoso" in shown.get_data(as_text=True)
    kinds = [e.kind for e in _events(receipt.case.id, "identity_view_requested")
             + _events(receipt.case.id, "identity_view_approved")
             + _events(receipt.case.id, "identity_viewed")]
    assert kinds == ["identity_view_requested", "identity_view_approved", "identity_viewed"]


def test_the_auditor_reads_every_identity_view_on_a_page_and_as_csv(client, world):
    receipt = submit(anonymous=True)
    verifier = create_user(Role.COORDINATOR, "medan.secretariat")
    login(client, verifier)
    token = csrf(client, f"/desk/cases/{receipt.tracking_id}")
    client.post(f"/desk/cases/{receipt.tracking_id}/identity",
                data={"csrf_token": token, "reason": WHY})
    client.post("/desk/logout", data={"csrf_token": token})
    login(client, create_user(Role.AUDITOR))
    page = client.get("/audit/identity-views")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert WHY in text and verifier.display_name in text
    assert receipt.tracking_id[:4] in text and 'id="identity-views-csv"' in text
    exported = client.get("/audit/identity-views.csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    lines = exported.get_data(as_text=True).splitlines()
    assert lines[0].startswith("event_id,at,kind,actor,actor_name,tracking_id,reason")
    assert len(lines) == 2 and WHY in lines[1] and receipt.tracking_id in lines[1]
    assert client.get("/audit/identity-views?after=abc").status_code == 400
    login(client, create_user(Role.LIAISON, "medan.health"))
    assert client.get("/audit/identity-views").status_code == 403
