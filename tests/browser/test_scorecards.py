"""A person opens the scorecard page: the charts are drawn (no JavaScript needed) and the
filter form narrows them."""

from __future__ import annotations

import pytest

from domain.db import db
from tests.domain.lifecycle_support import verify_valid
from tests.factories import complete, create_user, submit

pytestmark = pytest.mark.browser


def _answered_cases(n: int) -> None:
    from domain.enums import Role

    coordinator = create_user(Role.COORDINATOR, "medan.secretariat")
    liaison = create_user(Role.LIAISON, "medan.health")
    for _ in range(n):
        case = submit().case
        verify_valid(case, coordinator)
        complete(case, "follow_up", liaison, decision="answer", answer="Sudah.")
    db.session.commit()


def test_the_scorecard_page_shows_its_charts(live_server, browser, shot):
    _answered_cases(5)
    context = browser.new_context(java_script_enabled=False)  # charts are server-side SVG
    page = context.new_page()
    page.goto(f"{live_server}/statistics/scorecards?lang=en")
    for chart in ("#chart-weekly", "#chart-funnel", "#chart-on-time"):
        box = page.locator(chart).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 20, chart
    assert page.locator("#chart-on-time rect.bar").count() == 1  # one agency, 5 cases
    assert page.locator("#chart-weekly rect.bar").count() >= 2
    assert page.inner_text("#sc-received").strip() == "5"
    assert "Pemerintah Kota Medan" in page.inner_text("#ranking")
    shot(page, "10-scorecards-en")
    page.select_option("#s-kind", "aspiration")
    page.click("#stats-filters button[type=submit]")
    page.wait_for_url("**kind=aspiration**")
    assert page.inner_text("#sc-received").strip() == "0"
    context.close()
