"""Channel fixtures: committed data, a real RQ worker, file sinks, gateways switched on,
a private Dovecot."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask

from tests.channels import dovecot as server
from tests.conftest import FreshContextClient
from tests.jobs.fixtures import _fresh_breaker, committed_world, sinks, worker_app  # noqa: F401

SECRETS = {
    "twilio_auth_token": "twilio-test-token",
    "vonage_signature_secret": "vonage-test-secret",
    "jasmin_token": "jasmin-test-token",
    "sms_webhook_secret": "generic-test-secret",
    "email_webhook_secret": "email-test-secret",
    "social_webhook_secret": "social-test-secret",
}


@pytest.fixture
def gateways(app: Flask) -> Iterator[dict[str, str]]:
    """Every channel enabled with a known secret, and the public URL Twilio signs."""
    original = app.config["ADUAN"]
    app.config["ADUAN"] = replace(original, public_url="https://lapor.example.go.id",
                                  **SECRETS)
    yield SECRETS
    app.config["ADUAN"] = original


@pytest.fixture
def web(app: Flask, committed_world: dict[str, Any],  # noqa: F811
        gateways: dict[str, str]) -> Any:
    """A gateway's HTTP client against committed data (the worker reads what it stored)."""
    return FreshContextClient(app, app.response_class)


@pytest.fixture
def imap(app: Flask, committed_world: dict[str, Any],  # noqa: F811
         monkeypatch: pytest.MonkeyPatch) -> Iterator[server.Dovecot]:
    """A private Dovecot, trusted through SSL_CERT_FILE, as the app's ADUAN_IMAP_URL."""
    running = server.start(server.require_dovecot())
    monkeypatch.setenv("SSL_CERT_FILE", str(running.cert))
    original = app.config["ADUAN"]
    app.config["ADUAN"] = replace(original, imap_url=running.url())
    try:
        yield running
    finally:
        app.config["ADUAN"] = original
        server.stop(running)
