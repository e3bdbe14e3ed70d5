"""Exports: scoped like the case list, streamed, and free of personal data."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from domain.enums import Role
from tests.domain.lifecycle_support import verify_valid
from tests.factories import complete, create_user, submit
from tests.web.helpers import csrf, login

SECRETS = ("Budi Santoso", "+6281234567890", "budi@example.org", "3171234567890123",
           "081299998888", "Jalan Rahasia 7")


def _rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.is_streamed
    text = response.get_data(as_text=True)
    return text, list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _private_case(coordinator, liaison, visit: int = 1):
    # `visit`: a later complaint of the same person (the same words again within ten
    # minutes would be an exact repeat, the same case)
    receipt = submit(description=f"Telepon saya 081299998888, rumah di Jalan Rahasia 7 ({visit}).",
                     reporter={"name": "Budi Santoso", "phone": "+6281234567890",
                               "email": "budi@example.org", "nik": "3171234567890123"},
                     confidential=True)
    verify_valid(receipt.case, coordinator)
    complete(receipt.case, "follow_up", liaison, decision="answer",
             answer="Kami menghubungi Budi Santoso di 081299998888.")
    return receipt.case


def test_case_export_has_no_personal_data_and_respects_scope(client, other_client, world,
                                                            coordinator, liaison):
    case = _private_case(coordinator, liaison)
    login(client, coordinator)
    text, rows = _rows(client, "/desk/exports/cases.csv")
    assert rows[0][:3] == ["tracking_id", "submitted_on", "kind"]
    assert [r[0] for r in rows[1:]] == [case.tracking_id]
    assert rows[1][8] == "responded" and rows[1][13] == "0"
    assert not [s for s in SECRETS if s in text]
    xlsx = client.get("/desk/exports/cases.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.get_data()), read_only=True).active
    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert case.tracking_id in cells and not [s for s in SECRETS if s in " ".join(cells)]
    login(other_client, create_user(Role.COORDINATOR, "dki.secretariat"))
    _, dki_rows = _rows(other_client, "/desk/exports/cases.csv")
    assert dki_rows[1:] == []  # another agency's officer exports none of Medan's cases
    client.post("/desk/logout", data={"csrf_token": csrf(client, "/desk/statistics")})
    login(client, create_user(Role.AUDITOR))
    _, all_rows = _rows(client, "/desk/exports/cases.csv?category=health")
    assert [r[0] for r in all_rows[1:]] == [case.tracking_id]


def test_scorecard_export_and_bad_filters(client, world, coordinator, liaison):
    for visit in range(5):
        _private_case(coordinator, liaison, visit)
    login(client, liaison)
    _, rows = _rows(client, "/desk/exports/scorecards.csv?by=unit")
    assert rows[0][0] == "rank" and rows[1][2] == "5" and rows[1][5] == "1.0"
    assert client.get("/desk/exports/cases.csv?status=nope").status_code == 400
    assert client.get("/desk/exports/cases.csv?start=yesterday").status_code == 400
    assert client.get("/desk/exports/cases.pdf").status_code == 404
    assert client.get("/desk/statistics").status_code == 200


def test_exports_need_a_login(client, world):
    assert client.get("/desk/exports/cases.csv").status_code in (302, 303, 401)
