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
