"""UU PDP right of access: the verifying role exports everything about one reporter (JSON or
ZIP), with a reason, audited without the identity's values; nobody else can."""

from __future__ import annotations

import io
import json
import zipfile

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.attachments import store_attachment
from domain.db import db
from tests.factories import submit
from tests.web.helpers import csrf, login, png_bytes

NIK = "3171015502900001"
BUDI = {"name": "Budi Santoso", "phone": "+6281234567890", "email": "budi@example.org",
        "nik": NIK}


def _cases():
    first = submit(reporter=BUDI, title="Obat kosong di puskesmas")
    second = submit(reporter={"name": "B. Santoso", "phone": "+6281234567890"},
                    title="Jalan berlubang di depan rumah", category="roads")
    whistle = submit(reporter=BUDI, category="whistleblowing", title="Pungutan liar")
    stranger = submit(reporter={"name": "Siti", "phone": "+6281398765432"})
    store_attachment(first.case, "kuitansi.png", io.BytesIO(png_bytes()), "image/png")
    db.session.commit()
    return first.case, second.case, whistle.case, stranger.case


def _export(client, case, reason="Permintaan pelapor atas datanya (UU PDP pasal 7)",
            fmt="json"):
    token = csrf(client, f"/desk/cases/{case.tracking_id}")
    return client.post(f"/desk/cases/{case.tracking_id}/reporter-export",
                       data={"csrf_token": token, "reason": reason, "format": fmt})


def test_the_verifier_exports_all_cases_of_one_reporter_and_it_is_audited(client, world):
    first, second, whistle, stranger = _cases()
    login(client, "verifier")
    response = _export(client, first)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data())
    assert data["reporter"]["nik"] == NIK and data["reporter"]["name"] == "Budi Santoso"
    exported = {c["tracking_id"] for c in data["cases"]}
    assert exported == {first.tracking_id, second.tracking_id}
    assert data["withheld_cases"] == 1  # the whistleblowing case: only from itself
    assert stranger.tracking_id not in response.get_data(as_text=True)
    assert whistle.tracking_id not in response.get_data(as_text=True)
    mine = next(c for c in data["cases"] if c["tracking_id"] == first.tracking_id)
    assert mine["description"] and mine["attachments"][0]["name"] == "kuitansi.png"
    events = db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.kind == "reporter_data_exported")).scalars().all()
    assert {e.case_id for e in events} == {first.id, second.id}
    for event in events:
        assert event.payload["reason"].startswith("Permintaan pelapor")
        for value in BUDI.values():
            assert value not in json.dumps(event.payload)


def test_the_zip_holds_the_json_and_the_attachment_files(client, world):
    first, *_ = _cases()
    login(client, "verifier")
    response = _export(client, first, fmt="zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = archive.namelist()
    assert "export.json" in names
    assert any(n.startswith(f"{first.tracking_id}/attachments/") and n.endswith(".png")
               for n in names)
    assert json.loads(archive.read("export.json"))["reporter"]["nik"] == NIK


def test_no_reason_no_export_and_nobody_else_exports(client, other_client, world):
    first, *_ = _cases()
    login(client, "verifier")
    refused = _export(client, first, reason="  ")
    assert refused.status_code == 422 and "Tuliskan alasan" in refused.get_data(as_text=True)
    assert not db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.kind == "reporter_data_exported")).scalars().all()
    login(other_client, "auditor")  # reads the case, never its reporter
    token = csrf(other_client, f"/desk/cases/{first.tracking_id}")
    response = other_client.post(f"/desk/cases/{first.tracking_id}/reporter-export",
                                 data={"csrf_token": token, "reason": "ingin tahu"})
    assert response.status_code == 403
