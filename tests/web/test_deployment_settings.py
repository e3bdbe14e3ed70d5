"""Settings that matter behind a proxy and for officer sessions."""

from __future__ import annotations

from datetime import timedelta

from flask import request

from tests.conftest import REDIS_URL
from web.app import create_app


def test_login_sessions_expire_after_the_configured_hours(app):
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=8)


def test_client_address_comes_from_the_trusted_proxy_only(tmp_path):
    # create_app binds the global limiter to the new app's Redis: keep it on the suite's
    # (emptied around every test), or later tests count logins in someone else's database.
    proxied = create_app({"database_url": f"sqlite:///{tmp_path / 'p.db'}",
                          "data_dir": tmp_path, "proxies": 1, "redis_url": REDIS_URL})
    direct = create_app({"database_url": f"sqlite:///{tmp_path / 'd.db'}",
                         "data_dir": tmp_path, "proxies": 0, "redis_url": REDIS_URL})
    headers = {"X-Forwarded-For": "203.0.113.9"}
    client_seen = {}

    @proxied.get("/_whoami")
    def whoami() -> str:
        client_seen["proxied"] = request.remote_addr
        return "ok"

    @direct.get("/_whoami")
    def whoami_direct() -> str:
        client_seen["direct"] = request.remote_addr
        return "ok"

    peer = {"REMOTE_ADDR": "10.0.0.2"}
    proxied.test_client().get("/_whoami", headers=headers, environ_base=peer)
    direct.test_client().get("/_whoami", headers=headers, environ_base=peer)
    assert client_seen == {"proxied": "203.0.113.9", "direct": "10.0.0.2"}


def test_hsts_is_sent_while_session_cookies_are_secure(client, app):
    """Production (ADUAN_SECURE_COOKIES=1) says HTTPS only; plain-HTTP development does not."""
    assert "Strict-Transport-Security" not in client.get("/healthz").headers  # the suite: 0
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        pages = client.get("/").headers["Strict-Transport-Security"]
        api = client.get("/api/v1/cases/ABCD2345").headers["Strict-Transport-Security"]
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
    assert pages == api == "max-age=31536000"


def test_hsts_defaults_to_on_and_a_year(monkeypatch, tmp_path):
    from web.settings import load

    for name in ("SECURE_COOKIES", "HSTS_SECONDS"):
        monkeypatch.delenv(f"ADUAN_{name}", raising=False)
    monkeypatch.setenv("ADUAN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ADUAN_SECRET_KEY", "test")
    settings = load()
    assert settings.secure_cookies and settings.hsts_seconds == 31536000
    assert settings.flask_config()["SESSION_COOKIE_SECURE"] is True
