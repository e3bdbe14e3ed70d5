"""Twilio signs the URL it called; without ADUAN_PUBLIC_URL that is the request's URL as
the trusted proxy reports it (ADUAN_PROXIES: ProxyFix's X-Forwarded-Proto), not the
plain-HTTP hop behind the proxy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from twilio.request_validator import RequestValidator
from werkzeug.middleware.proxy_fix import ProxyFix

from tests.channels.conftest import SECRETS
from tests.channels.support import cases, inbound, work

CALLED = "https://lapor.example.go.id/channels/sms/twilio"


@pytest.fixture
def behind_proxy(app, web) -> Iterator[None]:
    """One trusted proxy in front, no public URL configured."""
    settings, wsgi = app.config["ADUAN"], app.wsgi_app
    app.config["ADUAN"] = replace(settings, public_url=None, proxies=1)
    app.wsgi_app = ProxyFix(wsgi, x_for=1, x_proto=1)
    try:
        yield
    finally:
        app.config["ADUAN"], app.wsgi_app = settings, wsgi


def _post(web, sid: str, forwarded_proto: str | None):
    form = {"MessageSid": sid, "From": "+6281234567890", "To": "1708",
            "Body": "LAPOR Lampu jalan mati di Jl. Gatot Subroto"}
    headers = {"X-Twilio-Signature": RequestValidator(
        SECRETS["twilio_auth_token"]).compute_signature(CALLED, form),
        "Host": "lapor.example.go.id", "X-Forwarded-For": "54.172.60.1"}
    if forwarded_proto:
        headers["X-Forwarded-Proto"] = forwarded_proto
    return web.post("/channels/sms/twilio", data=form, headers=headers,
                    base_url="http://lapor.example.go.id")


def test_the_signature_is_checked_over_the_url_the_proxy_was_called_on(
        web, worker_app, behind_proxy):
    assert _post(web, "SMP1", None).status_code == 403  # http:// is not what Twilio signed
    assert inbound() == []
    assert _post(web, "SMP2", "https").status_code == 200
    work(worker_app)
    assert len(cases()) == 1 and [m.external_id for m in inbound()] == ["SMP2"]
