"""Counter entry on the desk: phone, paper and walk-in complaints keyed in by an officer,
with the citizen's printed receipt (PDF, read back)."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from domain.audit.models import CaseEvent
from domain.cases.models import Attachment, Case, Reporter
from domain.cases.queries import inbox
from domain.db import db
from domain.enums import Channel
from tests.web.helpers import csrf, jpeg_bytes, login

KEY_RE = re.compile(r'id="reporter-key">([^<]+)<')
TID_RE = re.compile(r'id="tracking-id">([^<]+)<')


def counter_form(**overrides: str) -> dict[str, str]:
    form = {"channel": "walk_in", "kind": "complaint",
            "title": "Jalan berlubang di Jl. Sisingamangaraja",
            "description": "Warga datang ke loket: lubang besar di depan pasar, sudah dua minggu.",
            "category": "roads", "region": "12.71", "location": "Jl. Sisingamangaraja",
            "event_date": "", "anonymous": "yes", "confidential": "no",
            "reporter_name": "Sri Wahyuni", "reporter_phone": "", "reporter_email": "",
            "reporter_nik": ""}
    form.update(overrides)
    return form


def _file(client, **overrides):
    token = csrf(client, "/desk/counter")
    data = {"csrf_token": token, **counter_form(**overrides)}
    return client.post("/desk/counter", data=data, content_type="multipart/form-data")


def _receipt(client) -> tuple[str, str, str]:
    page = client.get("/desk/counter/receipt")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    return KEY_RE.search(html).group(1), TID_RE.search(html).group(1).replace("-", ""), html


def test_a_walk_in_complaint_gets_its_pdf_receipt(client, world, coordinator):
    login(client, coordinator)
    response = _file(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    key, tracking_id, _ = _receipt(client)
    case = db.session.execute(sa.select(Case).where(Case.tracking_id == tracking_id)).scalar()
    assert case.channel == Channel.WALK_IN and case.anonymous and not case.confidential
    submitted = db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == "case_submitted")).scalar_one()
    assert submitted.actor == f"user:{coordinator.id}"  # the officer who keyed it in
    assert db.session.get(Reporter, case.id).name == "Sri Wahyuni"
    assert tracking_id in {t.case.tracking_id for t in inbox(coordinator).items}
    token = csrf(client, "/desk/counter")
    pdf = client.post(f"/desk/counter/{tracking_id}/receipt.pdf",
                      data={"csrf_token": token, "reporter_key": key})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert f"{tracking_id[:4]}-{tracking_id[4:]}" in text and key in text
    assert "TANDA TERIMA" in text and "Sri Wahyuni" not in text
    assert client.get("/desk/counter/receipt").status_code == 303  # shown once


def test_the_receipt_needs_the_cases_own_key(client, world, coordinator):
    login(client, coordinator)
    _file(client)
    key, tracking_id, _ = _receipt(client)
    token = csrf(client, "/desk/counter")
    for wrong in ("", "x" * 22, key[:-1]):
        response = client.post(f"/desk/counter/{tracking_id}/receipt.pdf",
                               data={"csrf_token": token, "reporter_key": wrong})
        assert response.status_code == 404


def test_a_scanned_letter_is_attached_and_the_channel_is_paper(client, world, coordinator):
    login(client, coordinator)
    token = csrf(client, "/desk/counter")
    data = {"csrf_token": token, **counter_form(channel="paper"),
            "attachments": (io.BytesIO(jpeg_bytes()), "surat.jpg", "image/jpeg")}
    assert client.post("/desk/counter", data=data,
                       content_type="multipart/form-data").status_code == 303
    _, tracking_id, _ = _receipt(client)
    case = db.session.execute(sa.select(Case).where(Case.tracking_id == tracking_id)).scalar()
    assert case.channel == Channel.PAPER
    assert db.session.execute(sa.select(Attachment).where(
        Attachment.case_id == case.id)).scalar_one().content_type == "image/jpeg"


@pytest.mark.parametrize("overrides, field", [
    ({"channel": ""}, "channel"), ({"channel": "web"}, "channel"),
    ({"anonymous": ""}, "anonymous"), ({"confidential": ""}, "confidential"),
    ({"title": "x"}, "title"), ({"reporter_nik": "123"}, "reporter"),
])
def test_refused_fields_come_back_inline_and_nothing_is_filed(client, world, coordinator,
                                                             overrides, field):
    login(client, coordinator)
    response = _file(client, **overrides)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="err-{field}"' in html
    assert "Warga datang ke loket" in html  # the input is kept
    assert db.session.execute(sa.select(sa.func.count()).select_from(Case)).scalar() == 0


def test_only_desk_officers_use_the_counter(client, world):
    assert client.get("/desk/counter").status_code == 302
