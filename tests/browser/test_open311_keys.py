"""The admin's Open311 key page in a real browser: issue a key (shown once), revoke it; the
revoked key then gets the spec's 403 from POST /open311/v2/requests.json."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
TIMEOUT = 15_000


def _report(page, base: str, key: str, description: str):
    return page.request.post(f"{base}/open311/v2/requests.json", form={
        "api_key": key, "service_code": "roads", "lat": "3.5952", "long": "98.6722",
        "attribute[region]": "12.71", "description": description})


def test_the_admin_issues_a_key_sees_it_once_and_revokes_it(live_server, browser, shot):
    page = browser.new_context(locale="id-ID", java_script_enabled=False).new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{live_server}/desk/login")
    page.fill("#in-username", "admin")
    page.fill("#in-password", PASSWORD)
    with page.expect_navigation():
        page.click("#login-submit")
    page.goto(f"{live_server}/admin/open311")
    page.fill("#in-name", "fixmystreet-medan")
    with page.expect_navigation():
        page.click("#issue-submit")
    secret = page.inner_text("#issued-secret").strip()
    assert len(secret) >= 20 and "Aktif" in page.inner_text("#key-fixmystreet-medan")
    shot(page, "open311-01-issued")
    filed = _report(page, live_server, secret, "Lubang besar di Jl. Gatot Subroto, bahaya.")
    assert filed.status == 201, filed.text()
    page.goto(f"{live_server}/admin/open311")  # shown once: not on the page again
    assert secret not in page.content()
    with page.expect_navigation():
        page.click("#revoke-fixmystreet-medan")
    assert "Dicabut" in page.inner_text("#key-fixmystreet-medan")
    shot(page, "open311-02-revoked")
    refused = _report(page, live_server, secret, "Lampu jalan mati di Jl. Gatot Subroto.")
    assert refused.status == 403
    assert refused.json() == [{"code": 403,
                               "description": "Kunci API tidak valid atau sudah dicabut."}]
    assert db.session.execute(sa.select(sa.func.count()).select_from(Case)).scalar() == 1
