"""The kind chosen at intake decides the process (portal and API), and the public tracking
page words each kind's first deadline with its own rule; a refusal cites its exemption."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
from domain.processes.models import ProcessVersion
from tests.factories import complete, ready_task, submit
from tests.kinds.support import ASPIRATION, IR
from tests.web.helpers import csrf, report_form

FIRST = {
    "complaint": ("complaint", "verify", "Verifikasi dan disposisi dalam 3 hari kerja",
                  "Verify and dispose within 3 working days"),
    "aspiration": ("aspiration", "asp_acknowledge",
                   "Aspirasi diterima dan didisposisikan dalam 3 hari kerja",
                   "Aspiration acknowledged and disposed within 3 working days"),
    "information_request": ("information_request", "ir_answer",
                            "PPID menjawab permintaan informasi dalam 10 hari kerja sejak "
                            "diterima", "The information officer (PPID) answers the request "
                            "within 10 working days of receipt"),
}


def _case(tracking_id: str) -> Case:
    return db.session.execute(sa.select(Case).where(Case.tracking_id == tracking_id)).scalar_one()


def _key(case: Case) -> str:
    return db.session.get(ProcessVersion, case.process_version_id).model.key


@pytest.mark.parametrize("kind", sorted(FIRST))
def test_the_api_starts_the_kinds_process(client, world, kind):
    response = client.post("/api/v1/cases", json={**_payload(), "kind": kind})
    assert response.status_code == 201, response.json
    case = _case(response.json["tracking_id"])
    assert case.kind.value == kind and _key(case) == FIRST[kind][0]
    assert ready_task(case).spec == FIRST[kind][1]


def _payload():
    from tests.factories import intake

    return intake(confidential=False)


@pytest.mark.parametrize("kind", sorted(FIRST))
def test_the_portal_starts_the_kinds_process_and_its_page_words_the_rule(client, world, kind):
    data = {"csrf_token": csrf(client), **report_form(kind=kind, confidential="no")}
    assert client.post("/", data=data, content_type="multipart/form-data").status_code == 303
    case = db.session.execute(sa.select(Case).order_by(Case.id.desc()).limit(1)).scalar_one()
    assert case.kind.value == kind and _key(case) == FIRST[kind][0]
    page = client.get(f"/track/{case.tracking_id}").get_data(as_text=True)
    assert FIRST[kind][2] in page
    english = client.get(f"/track/{case.tracking_id}?lang=en").get_data(as_text=True)
    assert FIRST[kind][3] in english
    others = {words for other, (_k, _t, words, _e) in FIRST.items() if other != kind}
    assert not any(words in page for words in others)


def test_a_refusal_is_cited_with_its_exemption_on_the_tracking_page(client, world, coordinator):
    case = submit(**IR, confidential=False).case
    complete(case, "ir_answer", coordinator, decision="reject", exemption="17h",
             reason="Data memuat rekam medis pasien.")
    db.session.commit()
    page = client.get(f"/track/{case.tracking_id}").get_data(as_text=True)
    assert "Pasal 17 huruf h UU 14/2008: mengungkap rahasia pribadi" in page
    assert "Permintaan informasi ditolak" in page
    assert "Pemohon dapat mengajukan keberatan dalam 30 hari kerja" in page
    english = client.get(f"/track/{case.tracking_id}?lang=en").get_data(as_text=True)
    assert "Article 17(h) of UU 14/2008: would reveal personal secrets" in english


def test_an_aspiration_is_acknowledged_considered_and_answered(world, coordinator, liaison):
    case = submit(**ASPIRATION).case
    acknowledge = ready_task(case, "asp_acknowledge")
    assert acknowledge.lane == "coordinator"
    assert acknowledge.due_rule == "aspiration_acknowledge_3hk"
    assert case.status.value == "verification"
    complete(case, "asp_acknowledge", coordinator, decision="accept", unit_code="medan.health")
    consider = ready_task(case, "asp_consider")
    assert consider.lane == "liaison" and consider.due_rule == "aspiration_consider_3hk"
    assert case.unit.code == "medan.health" and case.status.value == "follow_up"
    complete(case, "asp_consider", liaison, position="plan",
             consideration="Masuk rencana layanan 2027.")
    answer = ready_task(case, "asp_answer")
    assert answer.due_rule == "aspiration_answer_2hk" and answer.due_working_days == 2
    complete(case, "asp_answer", liaison, answer="Layanan malam dibuka mulai Januari 2027.")
    assert case.status.value == "closed" and case.closed_at is not None
