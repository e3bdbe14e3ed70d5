"""An officer changes his password in a real browser: a refusal, then the change; another
browser logged in as him is logged out, and the new password is the one that works."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
TIMEOUT = 15_000
NEW = "tiga ekor kucing oranye"


def _login(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/desk/login")
    page.fill("#in-username", username)
    page.fill("#in-password", password)
    page.click("#login-submit")


def test_an_officer_changes_his_password_and_his_other_browser_is_logged_out(
        live_server, browser, shot):
    base = live_server
    other = browser.new_context(locale="id-ID").new_page()
    other.set_default_timeout(TIMEOUT)
    _login(other, base, "liaison.health", PASSWORD)
    other.wait_for_selector("#inbox, .empty")

    page = browser.new_context(locale="id-ID").new_page()
    page.set_default_timeout(TIMEOUT)
    problems: list[str] = []
    # A CSP violation or a script error; the refused form's own 422 is expected.
    page.on("console", lambda m: problems.append(m.text)
            if m.type == "error" and "status of 422" not in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    _login(page, base, "liaison.health", PASSWORD)
    page.wait_for_selector("#inbox, .empty")
    page.click("#nav-password")
    page.wait_for_selector("#password-form")
    assert "paling sedikit 10 karakter" in page.inner_text("#password-rules")

    page.fill("#in-current", PASSWORD)
    page.fill("#in-new", "pendek")
    page.fill("#in-confirm", "pendek")
    page.click("#password-submit")
    page.wait_for_selector("#err-new")
    assert "10" in page.inner_text("#err-new")
    shot(page, "password-01-refused")

    page.fill("#in-current", PASSWORD)
    page.fill("#in-new", NEW)
    page.fill("#in-confirm", NEW)
    page.click("#password-submit")
    page.wait_for_selector(".flash-success")
    assert "Kata sandi diganti" in page.inner_text(".flash-success")
    shot(page, "password-02-changed")
    page.goto(f"{base}/desk/")
    page.wait_for_selector("#inbox, .empty")  # this browser is still logged in

    other.goto(f"{base}/desk/")
    other.wait_for_selector("#login-form")  # the other one is not
    _login(other, base, "liaison.health", PASSWORD)
    other.wait_for_selector(".error")
    _login(other, base, "liaison.health", NEW)
    other.wait_for_selector("#inbox, .empty")
    assert problems == []
