"""The exact-repeat rule: the same contact, the same text, within ten minutes, on any
channel, is the same case: the caller gets its tracking id, never its reporter key."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import Case
from domain.db import db
from tests.counter.test_counter import counter_form
from tests.factories import intake, submit
from tests.web.helpers import csrf, login, report_form

TEXT = "Sudah tiga minggu obat hipertensi kosong di Puskesmas Medan Baru."


def _count() -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(Case)).scalar_one()


def test_the_api_answers_a_repeat_with_the_first_case_and_no_key(client, world):
    first = client.post("/api/v1/cases", json=intake(description=TEXT))
    assert first.status_code == 201
    # the same phone written another way, another e-mail, the text in other case and spacing
    again = client.post("/api/v1/cases", json=intake(
        description="  sudah tiga MINGGU obat hipertensi kosong di puskesmas Medan Baru ",
        reporter={"phone": "081234567890", "email": "lain@example.org"}))
    assert again.status_code == 200, again.json
    assert again.json["tracking_id"] == first.json["tracking_id"]
    assert again.json["repeated"] is True and "reporter_key" not in again.json
    assert first.json["reporter_key"] not in again.get_data(as_text=True)
    assert _count() == 1
    case = db.session.execute(sa.select(Case)).scalar_one()
    kinds = db.session.execute(sa.select(CaseEvent.kind).where(
        CaseEvent.case_id == case.id)).scalars().all()
    assert "repeat_received" in kinds


def test_after_ten_minutes_other_text_or_no_contact_it_is_a_new_case(world, clock):
    first = submit(description=TEXT)
    assert submit(description=TEXT + " Tolong segera.").case.id != first.case.id
    anonymous = submit(description=TEXT, reporter=None)
    # nothing ties two reports without a contact together
    assert submit(description=TEXT, reporter=None).case.id != anonymous.case.id
    clock.advance(timedelta(minutes=10, seconds=1))
    later = submit(description=TEXT)
    assert not later.repeated and later.case.id != first.case.id
    clock.advance(timedelta(minutes=9))
    assert submit(description=TEXT).case.id == later.case.id


def test_the_portal_tells_the_citizen_plainly_and_shows_no_key(client, world):
    def post():
        data = {"csrf_token": csrf(client), **report_form(
            description=TEXT, reporter_email="budi@example.org")}
        return client.post("/", data=data, content_type="multipart/form-data")

    assert post().status_code == 303
    first = client.get("/receipt").get_data(as_text=True)
    assert 'id="reporter-key"' in first
    assert post().status_code == 303
    page = client.get("/receipt").get_data(as_text=True)
    assert 'id="repeat-note"' in page and 'id="reporter-key"' not in page
    case = db.session.execute(sa.select(Case)).scalar_one()
    assert case.tracking_id[:4] in page and _count() == 1


def test_any_channel_counts_the_counter_after_the_api(client, world, coordinator):
    receipt = submit(description=TEXT, reporter={"phone": "+62 812-3456-7890"})
    login(client, coordinator)
    data = {"csrf_token": csrf(client, "/desk/counter"), **counter_form(
        description=TEXT, reporter_phone="081234567890")}
    answer = client.post("/desk/counter", data=data, content_type="multipart/form-data",
                         follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert "tidak dibuat laporan kedua" in page and 'id="reporter-key"' not in page
    assert _count() == 1 and receipt.case.id
