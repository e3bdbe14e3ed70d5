"""A complaint from filing to the reporter's rating, clicked through in a real browser."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD
from tests.web.helpers import jpeg_bytes

pytestmark = pytest.mark.browser
TIMEOUT = 15_000


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/desk/login")
    page.fill("#in-username", username)
    page.fill("#in-password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#inbox, .empty", timeout=TIMEOUT)


def _open_case(page, base: str, tracking_id: str) -> None:
    page.goto(f"{base}/desk/cases/{tracking_id}")
    page.wait_for_selector("#case-title", timeout=TIMEOUT)


def test_reporter_files_officers_act_reporter_rates(live_server, browser, shot):
    base = live_server
    reporter = browser.new_context(locale="id-ID")
    page = reporter.new_page()
    page.set_default_timeout(TIMEOUT)
    # A CSP violation (inline style or script) or a JS error shows up on the console.
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    # The reporter files a public complaint with a photo.
    page.goto(f"{base}/")
    page.check('input[name="kind"][value="complaint"]')
    page.fill("#in-title", "Obat hipertensi kosong di Puskesmas Medan Baru")
    page.fill("#in-description", "Sudah tiga minggu obat hipertensi kosong, pasien disuruh "
                                 "membeli sendiri di apotek.")
    page.select_option("#in-category", "health")
    page.select_option("#in-region", "12.71")
    page.fill("#in-location", "Puskesmas Medan Baru")
    page.check('input[name="confidential"][value="no"]')
    page.set_input_files("#in-attachments", files=[
        {"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(exif=True)}])
    page.fill("#in-reporter_email", "budi@example.org")
    shot(page, "01-report-form")
    page.click("#submit-report")
    page.wait_for_selector("#reporter-key")
    tracking_display = page.inner_text("#tracking-id").strip()
    key = page.inner_text("#reporter-key").strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", tracking_display)
    tracking_id = tracking_display.replace("-", "")
    shot(page, "02-receipt")

    page.click("text=Lacak laporan ini")
    page.wait_for_selector("#case-status")
    assert "Sedang diverifikasi" in page.inner_text("#case-status")
    shot(page, "03-tracking-public")

    # The verifier disposes the case to the health office.
    verifier = browser.new_context()
    desk = verifier.new_page()
    desk.set_default_timeout(TIMEOUT)
    _login(desk, base, "verifier")
    _open_case(desk, base, tracking_id)
    assert "foto.jpg" in desk.inner_text(".attachments")
    desk.check('input[name="decision"][value="valid"]')
    desk.fill("#in-summary", "Obat hipertensi kosong di Puskesmas Medan Baru")
    assert desk.input_value("#in-unit_code") == "medan.health"  # prefilled from routing
    shot(desk, "04-verify-form")
    desk.click("#complete-verify")
    desk.wait_for_selector(".flash-success")
    shot(desk, "05-verified")

    # The health office's liaison answers.
    liaison = browser.new_context()
    office = liaison.new_page()
    office.set_default_timeout(TIMEOUT)
    _login(office, base, "liaison.health")
    assert tracking_display in office.inner_text("#inbox")
    _open_case(office, base, tracking_id)
    office.check('input[name="decision"][value="answer"]')
    office.fill("#in-answer", "Stok obat hipertensi sudah dikirim dari gudang farmasi kota.")
    shot(office, "06-follow-up-form")
    office.click("#complete-follow_up")
    office.wait_for_selector(".flash-success")

    # The reporter opens his view with the key, rates 5 and accepts.
    page.goto(f"{base}/track/{tracking_id}")
    assert "Stok obat hipertensi sudah dikirim" in page.inner_text(".timeline")
    page.fill("#in-reporter_key", key)
    page.click("#open-private")
    page.wait_for_selector("#reporter-action")
    page.check('input[name="action"][value="accept"]')
    page.check('input[name="rating"][value="5"]')
    shot(page, "07-reporter-response")
    page.click("#send-response")
    page.wait_for_selector(".flash-success")
    assert "Selesai" in page.inner_text("#case-status")
    shot(page, "08-closed")
    assert problems == []

    page.goto(f"{base}/statistics?lang=en")
    assert "Closed on time" in page.inner_text("main")
    assert page.inner_text("#stat-on-time").strip() == "100.0%"
    shot(page, "09-statistics-en")

    for context in (reporter, verifier, liaison):
        context.close()
