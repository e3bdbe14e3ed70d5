"""The studio in a real browser: edit in bpmn-js, validate, submit, approve as a second owner,
and a refused upload pointed out in the modeler. Debian's chromium through Playwright."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
from domain.enums import Role
from domain.processes.operations import latest_version
from tests.factories import PASSWORD, intake
from tests.studio import variants as v
from tests.studio.helpers import make_user

pytestmark = pytest.mark.browser
TIMEOUT = 20_000
MARKER = "/tmp/aduan-pwned"


def _page(browser, problems: list[str]):
    context = browser.new_context(locale="id-ID", viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page


def _login(page, base: str, username: str, next_url: str = "/studio/") -> None:
    page.goto(f"{base}/desk/login?next={next_url}")
    page.fill("#in-username", username)
    page.fill("#in-password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"**{next_url}")


def _open_new_draft(page, base: str) -> str:
    page.click("#new-draft-complaint")
    page.wait_for_selector('.djs-element[data-element-id="verify"]')
    return page.url


def test_owner_edits_second_owner_deploys_new_case_uses_it(live_server, browser, shot):
    base, problems = live_server, []
    make_user("owner.two", Role.PROCESS_OWNER)
    db.session.commit()
    page = _page(browser, problems)
    _login(page, base, "owner")
    draft_url = _open_new_draft(page, base)
    shot(page, "studio-01-modeler")

    # Rename the verification task in the properties panel and check the lane role shown.
    page.click('.djs-element[data-element-id="verify"] .djs-hit')
    page.wait_for_selector("#prop-name")
    assert page.input_value("#prop-form") == "verify"
    assert page.input_value("#prop-status") == "verification"
    page.fill("#prop-name", "Verifikasi dan disposisi")
    page.press("#prop-name", "Tab")
    page.click("#btn-validate")
    page.wait_for_selector("#validation-ok")
    page.click("#btn-submit")
    page.wait_for_selector("#draft-status:has-text('submitted')")
    assert page.query_selector("#btn-approve") is None  # the author cannot approve
    shot(page, "studio-02-submitted")

    second = _page(browser, problems)
    _login(second, base, "owner.two")
    second.goto(draft_url)
    second.wait_for_selector('#diff tr.diff-changed[data-element-id="verify"]')
    assert "name" in second.inner_text('#diff tr[data-element-id="verify"]')
    second.wait_for_selector('.djs-element.aduan-changed[data-element-id="verify"]')
    shot(second, "studio-03-review")
    second.click("#btn-approve")
    second.wait_for_url("**/studio/models/complaint/versions/2")
    second.wait_for_selector('.djs-element[data-element-id="verify"]')

    response = second.request.post(f"{base}/api/v1/cases", data=intake())
    assert response.status == 201, response.text()
    db.session.rollback()
    version = latest_version()
    assert version.number == 2
    newest = db.session.execute(sa.select(Case).order_by(Case.id.desc()).limit(1)).scalar_one()
    assert newest.process_version_id == version.id
    second.goto(f"{base}/studio/")
    assert second.inner_text('tr[data-version="2"] .case-count').strip() == "1 / 1"
    shot(second, "studio-04-index")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_uploaded_script_importing_os_is_refused_and_marked(live_server, browser, shot):
    base, problems = live_server, []
    page = _page(browser, problems)
    _login(page, base, "owner")
    _open_new_draft(page, base)
    page.set_input_files("#bpmn-file", files=[{
        "name": "jahat.bpmn", "mimeType": "application/xml",
        "buffer": v.with_os_script(v.shipped_bpmn()).encode()}])
    page.wait_for_selector("#modeler-status:has-text('jahat.bpmn')")
    page.click("#btn-validate")
    item = page.wait_for_selector('#issue-list li[data-element-id="init"]')
    text = item.inner_text()
    assert "init" in text and "Siapkan penghitung" in text and "import" in text
    page.wait_for_selector('.djs-element.aduan-issue[data-element-id="init"]')
    assert page.input_value("#prop-name") == "Siapkan penghitung"  # the element is selected
    shot(page, "studio-05-refused")
    page.click("#btn-submit")  # validates first: stays on the page, nothing submitted
    page.wait_for_selector('#issue-list li[data-element-id="init"]')
    assert page.inner_text("#draft-status") == "draft"
    assert not os.path.exists(MARKER)
    db.session.rollback()
    assert latest_version().number == 1
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_dmn_table_and_form_preview_work_under_the_strict_csp(live_server, browser, shot):
    base, problems = live_server, []
    page = _page(browser, problems)
    _login(page, base, "owner")
    draft_url = _open_new_draft(page, base)
    page.goto(f"{draft_url}/dmn")
    page.wait_for_selector(".tjs-table")
    assert "medan.health" in page.inner_text(".tjs-table")
    page.click("#btn-dmn-save")
    page.wait_for_selector("#dmn-status:has-text('tersimpan')")
    shot(page, "studio-06-dmn")
    page.goto(f"{draft_url}/forms/verify")
    page.wait_for_selector("#form-preview #in-summary")
    source = page.input_value("#form-json").replace('"Ringkasan', '"Ringkasan laporan')
    page.fill("#form-json", source)
    page.wait_for_selector("#form-preview label:has-text('Ringkasan laporan')")
    shot(page, "studio-07-form")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
