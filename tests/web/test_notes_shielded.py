"""Case notes pass the identity shield too (issue 12 point 1: responses and messages from
every channel): the reporter's own notes and officers' notes quoting him are masked for the
unit and the auditor, and read as written by the verifying role."""

from __future__ import annotations

from domain.cases.models import CaseNote
from domain.clock import clock
from domain.db import db
from domain.enums import Role
from tests.factories import complete, create_user, submit
from tests.web.helpers import login

NIK = "3171015502900001"
PHONE = "0812-3456-7890"


def _case_with_notes():
    receipt = submit(anonymous=True, reporter={"name": "Budi Santoso", "phone": "+6281234567890",
                                               "nik": NIK})
    complete(receipt.case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary="Obat kosong", unit_code="medan.health")
    db.session.add_all([
        CaseNote(case_id=receipt.case.id, from_reporter=True, internal=False,
                 body=f"Saya Budi Santoso, NIK {NIK}, silakan telepon {PHONE}.",
                 created_at=clock.now()),
        CaseNote(case_id=receipt.case.id, from_reporter=False, internal=True,
                 body=f"Pelapor minta ditelepon di {PHONE}.", created_at=clock.now()),
    ])
    db.session.flush()
    return receipt.case


def _page(client, user, path: str) -> str:
    login(client, user)
    page = client.get(path).get_data(as_text=True)
    client.get("/desk/logout")
    return page


def test_the_unit_and_the_auditor_read_notes_masked_the_verifier_as_written(
        client, world, coordinator, liaison):
    case = _case_with_notes()
    unit = _page(client, liaison, f"/desk/cases/{case.tracking_id}")
    auditor = _page(client, create_user(Role.AUDITOR), f"/audit/cases/{case.tracking_id}")
    for page in (unit, auditor):
        assert "Pelapor minta ditelepon di [telepon]." in page
        for leak in (NIK, PHONE, "Budi", "Santoso"):
            assert leak not in page
    verifier = _page(client, coordinator, f"/desk/cases/{case.tracking_id}")
    assert f"silakan telepon {PHONE}." in verifier and NIK in verifier
