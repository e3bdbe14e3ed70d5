"""The studio's "before it goes live" path in a real browser (Debian chromium, Playwright).

The process owner shortens the follow-up deadline in the properties panel and adds a review
step by the supervisor; the impact page says so in plain words and lists the running case
whose deadline would move, and the replay the finished case whose recorded path and
deadline the draft would change; a scenario written for the old deadline fails until it is
updated; the second owner's approval is refused while it fails and goes through after.
"""

from __future__ import annotations

import json

import pytest

from domain.db import db
from domain.enums import Role
from domain.processes.operations import latest_version
from tests.factories import case_in, complete, submit
from tests.studio.helpers import make_user
from tests.studio.test_studio_browser import _login, _open_new_draft, _page

pytestmark = pytest.mark.browser
VALID = {"decision": "valid", "summary": "Obat kosong", "unit_code": "medan.health"}


def _scenarios(days: int) -> str:
    return json.dumps([
        {"name": "Tindak lanjut unit", "when": [{"complete": "verify", "with": VALID}],
         "then": {"task": "follow_up", "lane": "liaison", "deadline": days}},
        {"name": "Jawaban ditinjau atasan", "when": [
            {"complete": "verify", "with": VALID},
            {"complete": "follow_up", "with": {"decision": "answer", "answer": "Sudah."}}],
         "then": {"task": "review", "lane": "supervisor"}},
    ])


# The review task, drawn with the modeler's own API in the supervisor's lane and put on the
# "Jawaban" branch; its form and status are then set in the properties panel like any task.
_ADD_REVIEW = """() => {
  const m = window.aduanModeler, modeling = m.get('modeling'), registry = m.get('elementRegistry');
  const shape = modeling.createShape({ type: 'bpmn:UserTask' }, { x: 1900, y: 840 },
    registry.get('complaint_participant'));
  modeling.updateProperties(shape, { id: 'review', name: 'Tinjau jawaban' });
  modeling.reconnectEnd(registry.get('flow_follow_up_answer'), shape, { x: 1850, y: 840 });
  modeling.connect(shape, registry.get('reporter_response'));
  m.get('selection').select(shape);
}"""


def _edit_diagram(page) -> None:
    page.click('.djs-element[data-element-id="follow_up_late"] .djs-hit')
    page.fill("#prop-days", "4")
    page.press("#prop-days", "Tab")
    page.evaluate(_ADD_REVIEW)
    page.wait_for_selector("#prop-id:has-text('review')")
    page.select_option("#prop-form", "review")
    page.select_option("#prop-status", "follow_up")


def _validate_scenarios(page, days: int) -> None:
    page.fill("#scenarios-json", _scenarios(days))
    page.click("#btn-save-scenarios")
    page.wait_for_selector(f"#scenario-summary:has-text('{2 if days == 4 else 1} / 2')")


def test_owner_sees_the_impact_and_approval_waits_for_the_scenarios(live_server, browser, shot):
    base, problems = live_server, []
    make_user("owner.two", Role.PROCESS_OWNER)
    finished = case_in("closed")
    running = submit().case
    complete(running, "verify", make_user("coord.x", Role.COORDINATOR, "medan.secretariat"),
             **VALID)
    db.session.commit()
    page = _page(browser, problems)
    _login(page, base, "owner")
    draft_url = _open_new_draft(page, base)
    page.fill("#new-form-key", "review")
    page.click("#btn-new-form")
    page.wait_for_url("**/forms/review")
    page.goto(draft_url)
    page.wait_for_selector('.djs-element[data-element-id="follow_up_late"]')
    _edit_diagram(page)
    page.click("#btn-validate")
    page.wait_for_selector("#validation-ok")
    _validate_scenarios(page, 5)
    failing = page.inner_text('.scenario-fail[data-name="Tindak lanjut unit"]')
    assert "deadline = 5" in failing and "4" in failing
    shot(page, "studio-09-scenario-fails")

    page.goto(f"{draft_url}/changes?lang=en")
    plain = page.inner_text("#plain-diff")
    assert "shortened from 5 to 4 working days" in plain
    assert "A step “Tinjau jawaban” by the unit supervisor is added after" in plain
    page.wait_for_selector(f'#case-moves tr[data-tracking-id="{running.tracking_id}"]')
    assert "5 → 4 working days" in page.inner_text("#timer-changes")
    shot(page, "studio-10-impact")
    page.click("#btn-replay")
    replayed = page.locator(f'#replay-cases tr[data-tracking-id="{finished.tracking_id}"]')
    assert replayed.get_attribute("data-outcome") == "path"  # the review step waits
    assert "“Tindak lanjut unit”: deadline" in replayed.inner_text()
    shot(page, "studio-11-replay")

    page.goto(draft_url)
    page.click("#btn-submit")
    page.wait_for_selector("#draft-status:has-text('submitted')")
    second = _page(browser, problems)
    _login(second, base, "owner.two")
    second.goto(draft_url)
    second.click("#btn-approve")
    second.wait_for_url("**/changes")
    assert "cannot be approved" in second.inner_text(".flash") or \
        "tidak dapat disetujui" in second.inner_text(".flash")
    db.session.rollback()
    assert latest_version().number == 1
    second.goto(draft_url)
    second.fill("#reject-note", "Skenario masih 5 hari kerja.")
    second.click("#btn-reject")

    page.goto(draft_url)
    page.wait_for_selector("#scenarios-json")
    _validate_scenarios(page, 4)
    page.click("#btn-submit")
    page.wait_for_selector("#draft-status:has-text('submitted')")
    second.goto(draft_url)
    second.click("#btn-approve")
    second.wait_for_url("**/studio/models/complaint/versions/2")
    db.session.rollback()
    assert latest_version().number == 2
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
