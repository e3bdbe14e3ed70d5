"""The desk's conversation in a real browser: an SMS case filed through the real webhook
(over HTTP, signed like a gateway), a reply threaded by SMS, a real RQ worker; the
verifier opens the case and reads the thread, its states, and nowhere the number."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa

from domain.cases.models import Case
from domain.channels.operations import set_agency_keyword
from domain.clock import clock
from domain.db import db
from tests.channels.support import work
from tests.factories import PASSWORD
from tests.jobs.fixtures import sinks, worker_app  # noqa: F401
from web.channels.signatures import aduan_signature

pytestmark = pytest.mark.browser
TIMEOUT = 15_000
SECRET = "browser-sms-secret"
NUMBER, E164 = "081234567890", "+6281234567890"
SHAPES = (E164, "6281234567890", NUMBER, "0812-3456-7890", "81234567890")


@pytest.fixture
def gateway(app, live_server) -> Iterator[str]:
    """The generic SMS gateway switched on for the live server, MEDAN routed to Medan."""
    set_agency_keyword("MEDAN", "pemkot-medan")
    db.session.commit()
    settings = app.config["ADUAN"]
    app.config["ADUAN"] = replace(settings, sms_webhook_secret=SECRET)
    try:
        yield live_server
    finally:
        app.config["ADUAN"] = settings


def _text_in(base: str, message_id: str, text: str) -> None:
    """POST the SMS over HTTP exactly as a gateway would, signed with the generic scheme."""
    body = json.dumps({"id": message_id, "from": NUMBER, "to": "1708", "text": text,
                       "received_at": "2026-12-08T08:00:00+07:00"}).encode()
    stamp = str(int(clock.now().timestamp()))
    request = urllib.request.Request(
        f"{base}/channels/sms/generic", data=body, method="POST", headers={
            "Content-Type": "application/json", "X-Aduan-Timestamp": stamp,
            "X-Aduan-Signature": aduan_signature(SECRET, stamp, body)})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200


def test_the_verifier_reads_the_sms_thread_without_the_number(
        gateway, browser, shot, worker_app, sinks, clock):  # noqa: F811
    _text_in(gateway, "sms-1", "MEDAN#jalan#Jl. Sisingamangaraja#Lubang besar depan SD 5")
    work(worker_app)
    case = db.session.execute(sa.select(Case)).scalar_one()
    tracking = case.tracking_id
    db.session.commit()
    clock.advance(timedelta(minutes=5))  # the reporter answers five minutes later
    _text_in(gateway, "sms-2", f"#{tracking} Sudah ada motor yang jatuh tadi pagi")
    work(worker_app)
    sent = [json.loads(x) for x in (sinks / "sms.log").read_text().splitlines()]
    assert [s["to"] for s in sent] == [E164, E164]  # the receipt, the confirmation

    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{gateway}/desk/login")
    page.fill("#in-username", "verifier")
    page.fill("#in-password", PASSWORD)
    page.click("#login-submit")
    page.goto(f"{gateway}/desk/cases/{tracking}")
    page.wait_for_selector("#conversation")
    shot(page, "sms-conversation")
    assert "SMS" in page.inner_text("#case-channel")
    rows = page.locator("#thread tbody tr")
    texts = [re.sub(r"\s+", " ", rows.nth(n).inner_text()) for n in range(rows.count())]
    assert len(texts) == 4
    assert "Dari pelapor" in texts[0] and "Lubang besar depan SD 5" in texts[0]
    assert "Laporan baru dibuat" in texts[0]
    assert "Kepada pelapor" in texts[1] and "Tanda terima" in texts[1] and "Terkirim" in texts[1]
    assert "Sudah ada motor yang jatuh tadi pagi" in texts[2]
    assert "Ditambahkan sebagai tanggapan pelapor" in texts[2]
    assert "Konfirmasi tanggapan" in texts[3] and "Terkirim" in texts[3]
    html = page.content()
    for shape in SHAPES:
        assert shape not in html
    context.close()
