"""The counter and Open311 set a kind too, and it picks the process; SMS files complaints."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
from domain.processes.models import ProcessVersion
from tests.counter.test_counter import counter_form
from tests.web.helpers import csrf, login

FIRST_TASK = {"aspiration": "asp_acknowledge", "information_request": "ir_answer"}


def _latest_case() -> Case:
    return db.session.execute(sa.select(Case).order_by(Case.id.desc()).limit(1)).scalar_one()


def _started_on(case: Case) -> str:
    return db.session.get(ProcessVersion, case.process_version_id).model.key


@pytest.mark.parametrize("kind", sorted(FIRST_TASK))
def test_the_counter_starts_the_kinds_process(client, world, coordinator, kind):
    login(client, coordinator)
    data = {"csrf_token": csrf(client, "/desk/counter"), **counter_form(kind=kind)}
    response = client.post("/desk/counter", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    case = _latest_case()
    assert case.kind.value == kind and _started_on(case) == kind


@pytest.mark.parametrize("kind", sorted(FIRST_TASK))
def test_open311_starts_the_kinds_process(client, world, kind):
    from domain.open311.keys import issue_key

    secret = issue_key("kinds-test").secret
    db.session.commit()
    form = {"api_key": secret, "service_code": "roads", "attribute[region]": "12.71",
            "description": "Mohon data dan jadwal perbaikan jalan di depan SD Negeri 1.",
            "attribute[kind]": kind, "email": "siti@example.org",
            "address_string": "Jl. Sisingamangaraja"}
    response = client.post("/open311/v2/requests.json", data=form)
    assert response.status_code == 201, response.data
    case = db.session.execute(sa.select(Case).where(
        Case.tracking_id == response.json[0]["service_request_id"])).scalar_one()
    assert case.kind.value == kind and _started_on(case) == kind
