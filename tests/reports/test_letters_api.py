"""Downloading letters and case files: who may, the 202-then-poll case file, the digest."""

from __future__ import annotations

import base64
import hashlib

import pytest

from domain.db import db
from domain.enums import Role
from domain.org.models import User
from jobs.worker import make_worker
from tests.factories import create_user
from tests.jobs.support import drain_outbox, pdf_text, to_responded
from web.auth import issue_token


def _bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(user)}"}


def _fresh(role: Role, unit: str | None = None) -> User:
    """A new user with `role` in `unit`, committed like the rest of the world here."""
    user = create_user(role, unit)
    db.session.commit()
    return user


@pytest.fixture
def disposed_case(committed_world, worker_app):
    _, case = to_responded()
    drain_outbox()
    db.session.commit()
    return case


def test_auditor_lists_and_downloads_letters_with_their_digest(app, committed_world,
                                                               disposed_case):
    client = app.test_client()
    headers = _bearer(_fresh(Role.AUDITOR))
    listing = client.get(f"/api/v1/cases/{disposed_case.tracking_id}/letters", headers=headers)
    assert listing.status_code == 200
    items = listing.get_json()["items"]
    assert {x["kind"] for x in items} == {"disposition", "follow_up"}
    for item in items:
        pdf = client.get(item["download_url"], headers=headers)
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        assert hashlib.sha256(pdf.data).hexdigest() == item["sha256"]
        digest = base64.b64encode(bytes.fromhex(item["sha256"])).decode()
        assert pdf.headers["Repr-Digest"] == f"sha-256=:{digest}:"


def test_case_file_is_rendered_by_a_worker_then_served(app, committed_world, disposed_case,
                                                        worker_app):
    client = app.test_client()
    url = f"/api/v1/cases/{disposed_case.tracking_id}/casefile.pdf"
    headers = _bearer(_fresh(Role.LIAISON, "medan.health"))  # an officer of the case
    first = client.get(url, headers=headers)
    assert first.status_code == 202 and first.headers["Location"] == url
    assert first.headers["Retry-After"] == "2" and first.get_json()["status"] == "rendering"
    assert client.get(url, headers=headers).status_code == 202  # polling queues no second job
    make_worker(worker_app).work(burst=True)
    ready = client.get(url, headers=headers)
    assert ready.status_code == 200 and ready.mimetype == "application/pdf"
    assert f"BERKAS PERKARA {disposed_case.tracking_id}" in pdf_text(ready.data)
    listing = client.get(f"/api/v1/cases/{disposed_case.tracking_id}/letters", headers=headers)
    assert [x["kind"] for x in listing.get_json()["items"]].count("casefile") == 1


@pytest.mark.parametrize(("role", "unit"), [(Role.LIAISON, "medan.works"),
                                            (Role.SYSADMIN, None), (Role.PROCESS_OWNER, None)],
                         ids=["liaison.works", "sysadmin", "owner"])
def test_others_get_404(app, committed_world, disposed_case, role, unit):
    client = app.test_client()
    user = _fresh(role, unit)
    username = user.username
    headers = _bearer(user)
    for path in ("letters", "casefile.pdf", "letters/1.pdf"):
        response = client.get(f"/api/v1/cases/{disposed_case.tracking_id}/{path}", headers=headers)
        assert response.status_code == 404, (username, path)


def test_without_a_token_401_even_with_a_session(app, committed_world, disposed_case):
    client = app.test_client()
    assert client.get(f"/api/v1/cases/{disposed_case.tracking_id}/letters").status_code == 401


def _login(client, user) -> None:
    from flask import g

    from web.auth import _fingerprint

    # Requests share the test's app context (committed_db), and with it `g`'s cached user.
    g.pop("user", None)
    with client.session_transaction() as session:
        session["uid"], session["fp"] = user.id, _fingerprint(user)
        session["ep"] = user.session_epoch


def test_officers_pages_link_to_the_same_documents(app, committed_world, disposed_case):
    client = app.test_client()
    _login(client, _fresh(Role.AUDITOR))
    page = client.get(f"/documents/cases/{disposed_case.tracking_id}/letters")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Nota dinas disposisi" in html and "casefile-link" in html
    pending = client.get(f"/documents/cases/{disposed_case.tracking_id}/casefile.pdf")
    assert pending.status_code == 202 and 'http-equiv="refresh"' in pending.get_data(as_text=True)


def test_sysadmin_sees_the_job_page(app, committed_world, disposed_case):
    client = app.test_client()
    _login(client, _fresh(Role.SYSADMIN))
    page = client.get("/admin/jobs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="timers-pending">1<' in html and "notifications" in html
    _login(client, _fresh(Role.AUDITOR))
    assert client.get("/admin/jobs").status_code == 403
