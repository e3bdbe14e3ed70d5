"""A national admin connects an agency in the browser: agency with its region, a unit under
it, a user with a role, then deactivates the user. Forms only, no JavaScript needed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.org.models import Region, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
TIMEOUT = 15_000


def _regions() -> None:
    db.session.add_all([Region(code="32", name="Jawa Barat", level=1),
                        Region(code="32.73", name="Kota Bandung", level=2, parent_code="32")])
    db.session.commit()


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_national_admin_connects_bandung_and_deactivates_a_user(live_server, browser, shot):
    _regions()
    context = browser.new_context(locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{live_server}/desk/login")
    page.fill("#in-username", "admin")
    page.fill("#in-password", PASSWORD)
    _submit(page, "#login-submit")

    page.click("text=Organisasi")
    page.wait_for_selector("#agency-list")
    page.click("#new-agency")
    page.fill("#in-code", "pemkot-bandung")
    page.fill("#in-name", "Pemerintah Kota Bandung")
    page.select_option("#in-region", "32.73")
    shot(page, "admin-01-agency-form")
    _submit(page, "#save-agency")
    assert "Instansi pemkot-bandung ditambahkan." in page.inner_text(".flash-success")

    page.click("#new-top-unit")
    assert page.input_value("#in-parent") == "pemkot-bandung"
    page.fill("#in-code", "bandung.secretariat")
    page.fill("#in-name", "Sekretariat Daerah Kota Bandung")
    _submit(page, "#save-unit")
    assert "Unit bandung.secretariat ditambahkan." in page.inner_text(".flash-success")
    shot(page, "admin-02-unit")

    page.click("#new-member")
    assert page.input_value("#in-unit") == "bandung.secretariat"
    page.fill("#in-username", "koordinator.bandung")
    page.fill("#in-name", "Koordinator Pemkot Bandung")
    page.fill("#in-email", "koordinator@bandung.go.id")
    page.select_option("#in-role", "coordinator")
    page.fill("#in-password", "bandung-juara-1")
    _submit(page, "#save-user")
    assert "Koordinator instansi" in page.inner_text("#membership-list")
    shot(page, "admin-03-user")

    _submit(page, "#deactivate-user")
    assert "dinonaktifkan" in page.inner_text(".flash-success")
    assert "Nonaktif" in page.inner_text("#user-state")
    shot(page, "admin-04-user-deactivated")
    context.close()

    db.session.expire_all()
    user = db.session.scalar(sa.select(User).where(User.username == "koordinator.bandung"))
    assert user is not None and user.active is False
    assert [(m.role.value, m.unit.code) for m in user.memberships] == [
        ("coordinator", "bandung.secretariat")]
    kinds = db.session.scalars(sa.select(CaseEvent.kind).where(CaseEvent.chain == "system")
                               .order_by(CaseEvent.seq)).all()
    assert kinds[-6:] == ["agency_created", "unit_created", "user_created", "role_granted",
                          "user_password_set", "user_disabled"]
