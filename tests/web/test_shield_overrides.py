"""The verifying officer corrects the identity shield: masks what it missed, releases a false
positive; every other reader follows at once, and the audit trail never holds the value."""

from __future__ import annotations

import json

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from tests.factories import submit
from tests.web.helpers import csrf, login

ORDER = "3171015502900001"  # a NIK's shape, but here the number of a drug order
DESCRIPTION = f"Pesanan obat nomor {ORDER} belum datang. Petugasnya Pak Kumis tidak ramah."


def _case():
    receipt = submit(anonymous=True, confidential=False, description=DESCRIPTION,
                     reporter={"name": "Budi Santoso", "phone": "+6281234567890"})
    db.session.commit()
    return receipt.case


def _events(case, kind):
    return db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == kind)).scalars().all()


def test_the_verifier_masks_a_nickname_and_the_public_reads_it_masked(client, other_client,
                                                                      world):
    case = _case()
    assert "Kumis" in other_client.get(f"/track/{case.tracking_id}").get_data(as_text=True)
    login(client, "verifier")
    token = csrf(client, f"/desk/cases/{case.tracking_id}")
    done = client.post(f"/desk/cases/{case.tracking_id}/shield/mask",
                       data={"csrf_token": token, "field": "description", "value": "Kumis"})
    assert done.status_code == 303
    public = other_client.get(f"/track/{case.tracking_id}").get_data(as_text=True)
    assert "Kumis" not in public and "Pak [disamarkan]" in public
    api = other_client.get(f"/api/v1/cases/{case.tracking_id}").get_json()
    assert "Kumis" not in api["description"]
    desk = client.get(f"/desk/cases/{case.tracking_id}").get_data(as_text=True)
    assert 'data-kind="manual">Kumis</mark>' in desk  # the verifier still reads it, marked
    (event,) = _events(case, "detection_masked")
    assert "Kumis" not in json.dumps(event.payload)
    assert event.payload == {"field": "description",
                             "ranges": [[DESCRIPTION.index("Kumis"),
                                         DESCRIPTION.index("Kumis") + 5]]}


def test_the_verifier_releases_a_false_positive_and_it_is_audited_without_the_number(
        client, other_client, world):
    case = _case()
    assert ORDER not in other_client.get(f"/track/{case.tracking_id}").get_data(as_text=True)
    login(client, "verifier")
    page = client.get(f"/desk/cases/{case.tracking_id}").get_data(as_text=True)
    start = DESCRIPTION.index(ORDER)
    assert f'id="release-description-{start}"' in page
    token = csrf(client, f"/desk/cases/{case.tracking_id}")
    done = client.post(f"/desk/cases/{case.tracking_id}/shield/release", data={
        "csrf_token": token, "field": "description", "start": start, "end": start + 16})
    assert done.status_code == 303
    assert ORDER in other_client.get(f"/track/{case.tracking_id}").get_data(as_text=True)
    (event,) = _events(case, "detection_released")
    assert ORDER not in json.dumps(event.payload) and event.payload["kind"] == "nik"


def test_bad_corrections_get_plain_errors_and_others_cannot_correct(client, other_client,
                                                                    world):
    case = _case()
    login(client, "verifier")
    token = csrf(client, f"/desk/cases/{case.tracking_id}")
    missing = client.post(f"/desk/cases/{case.tracking_id}/shield/mask",
                          data={"csrf_token": token, "field": "description", "value": "Zorro"})
    assert missing.status_code == 422
    assert "tidak ada di bagian yang dipilih" in missing.get_data(as_text=True)
    wrong = client.post(f"/desk/cases/{case.tracking_id}/shield/release", data={
        "csrf_token": token, "field": "description", "start": 0, "end": 5})
    assert wrong.status_code == 422
    login(other_client, "auditor")
    token = csrf(other_client, f"/desk/cases/{case.tracking_id}")
    refused = other_client.post(f"/desk/cases/{case.tracking_id}/shield/mask", data={
        "csrf_token": token, "field": "description", "value": "Kumis"})
    assert refused.status_code == 403
    assert not _events(case, "detection_masked")
