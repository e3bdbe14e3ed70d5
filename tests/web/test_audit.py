"""The auditor's view: read-only search and case page with the audit chain's verdict."""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.enums import Role
from tests.factories import create_user, submit, tamper_audit
from tests.web.helpers import csrf, login


def test_auditor_searches_and_reads_the_whole_trail(client, world):
    receipt = submit(confidential=True, title="Pungutan liar di kantor kelurahan")
    login(client, create_user(Role.AUDITOR))
    listing = client.get("/audit/").get_data(as_text=True)
    assert "Pungutan liar di kantor kelurahan" in listing
    jump = client.get(f"/audit/?id={receipt.tracking_id.lower()}")
    assert jump.status_code == 302 and jump.headers["Location"].endswith(
        f"/audit/cases/{receipt.tracking_id}")
    page = client.get(f"/audit/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert 'id="audit-trail"' in page and "case_submitted" in page
    assert 'class="chain intact"' in page
    # The page links to the session-authenticated route (the API takes bearer tokens only).
    assert f"/documents/cases/{receipt.tracking_id}/casefile.pdf" in page
    download = client.get(f"/documents/cases/{receipt.tracking_id}/casefile.pdf")
    assert download.status_code in (200, 202)  # rendered, or rendering in a worker; never 401
    assert "<form" not in page.split("</header>", 1)[1]  # no form below the header
    assert "Budi Santoso" not in page


def test_audit_page_reports_a_tampered_chain(client, world):
    receipt = submit()
    tamper_audit()
    db.session.execute(sa.update(CaseEvent).where(
        CaseEvent.case_id == receipt.case.id, CaseEvent.seq == 1).values(actor="someone"))
    login(client, create_user(Role.AUDITOR))
    page = client.get(f"/audit/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert 'class="chain broken"' in page


def test_audit_page_reports_a_deleted_tail(client, world):
    receipt = submit()
    last = db.session.execute(sa.select(CaseEvent).where(CaseEvent.case_id == receipt.case.id)
                              .order_by(CaseEvent.seq.desc()).limit(1)).scalar_one()
    tamper_audit()
    db.session.execute(sa.delete(CaseEvent).where(CaseEvent.id == last.id))
    login(client, create_user(Role.AUDITOR))
    page = client.get(f"/audit/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert 'class="chain broken"' in page and "missing tail" in page


def test_auditors_change_nothing(client, world):
    receipt = submit()
    login(client, create_user(Role.AUDITOR))
    token = csrf(client, "/audit/")
    assert client.post(f"/audit/cases/{receipt.tracking_id}",
                       data={"csrf_token": token}).status_code == 405
    assert client.get(f"/desk/cases/{receipt.tracking_id}").status_code == 403
    for url in (f"/desk/cases/{receipt.tracking_id}/notes",
                f"/desk/cases/{receipt.tracking_id}/identity"):
        assert client.post(url, data={"csrf_token": token, "body": "x"}).status_code == 403


def test_officers_are_not_auditors(client, world, liaison):
    login(client, liaison)
    assert client.get("/audit/").status_code == 403
