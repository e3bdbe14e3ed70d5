"""Outbound webhooks: one signed POST per status change of an agency's case, retried with
the outbox's backoff; configured by an admin on a page or on the command line."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.enums import OutboxStatus, Role
from domain.integrations.webhooks import add_webhook
from domain.outbox.models import OutboxMessage
from tests.factories import create_user, submit
from tests.jobs.support import drain_outbox, to_follow_up
from tests.web.helpers import csrf, login

SECRET_RE = re.compile(r'<code id="webhook-secret">([^<]+)</code>')


@pytest.fixture
def receiver() -> Iterator[dict[str, Any]]:
    """A connected agency system: records each POST with its headers; `status` answers."""
    state: dict[str, Any] = {"posts": [], "status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state["posts"].append((dict(self.headers), body))
            self.send_response(state["status"])
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/aduan-events"
    yield state
    server.shutdown()
    server.server_close()


def _verified(secret: str, headers: dict[str, str], body: bytes) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["X-Aduan-Signature"], expected)


def _events(post: tuple[dict[str, str], bytes]) -> dict[str, Any]:
    return json.loads(post[1])


def test_every_status_change_is_posted_once_and_signed(app, world, receiver, sinks):
    added = add_webhook("pemkot-medan", receiver["url"], app_secret=app.config["SECRET_KEY"])
    other = add_webhook("pemprov-dki", receiver["url"] + "/dki",
                        app_secret=app.config["SECRET_KEY"])
    _, case = to_follow_up()
    drain_outbox()
    posts = receiver["posts"]
    assert [(_events(p)["from"], _events(p)["to"]) for p in posts] == [
        ("submitted", "verification"), ("verification", "follow_up")]
    for headers, body in posts:
        assert _verified(added.secret, headers, body)
        assert not _verified(other.secret, headers, body)
        assert headers["X-Aduan-Event"] == "case.status_changed"
    last = _events(posts[-1])
    assert last["tracking_id"] == case.tracking_id and last["agency"] == "pemkot-medan"
    assert last["unit"] == "medan.health" and last["occurred_at"].endswith("+00:00")
    assert {"description", "title", "reporter"}.isdisjoint(last)  # codes only
    assert "Budi" not in posts[-1][1].decode()
    assert drain_outbox() == [] and len(receiver["posts"]) == 2  # once each


def test_a_failing_receiver_is_retried_with_backoff(app, world, receiver, clock, sinks):
    add_webhook("pemkot-medan", receiver["url"], app_secret=app.config["SECRET_KEY"])
    receiver["status"] = 503
    submit()
    drain_outbox()
    [row] = db.session.execute(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "webhook")).scalars()
    assert row.status == OutboxStatus.PENDING and row.attempts == 1
    assert row.next_attempt_at == clock.now() + timedelta(seconds=30)
    assert "503" in row.last_error
    receiver["status"] = 200
    clock.advance(timedelta(seconds=31))
    drain_outbox()
    db.session.refresh(row)
    assert row.status == OutboxStatus.SENT and row.attempts == 2
    deliveries = {headers["X-Aduan-Delivery"] for headers, _ in receiver["posts"]}
    assert deliveries == {str(row.id)}  # a retry carries the same delivery id


def test_a_removed_webhook_hears_nothing_more(app, world, receiver, sinks):
    from domain.integrations.webhooks import remove_webhook

    added = add_webhook("pemkot-medan", receiver["url"], app_secret=app.config["SECRET_KEY"])
    remove_webhook(added.webhook.id)
    submit()
    drain_outbox()
    assert receiver["posts"] == []


def test_the_cli_adds_lists_and_removes_webhooks(app, world):
    runner = app.test_cli_runner()
    added = runner.invoke(args=["webhooks", "add", "pemkot-medan", "https://sim.medan.go.id/h"])
    assert added.exit_code == 0, added.output
    assert len(added.output.split()[-1]) == 64  # the secret, last
    assert "pemkot-medan  active" in runner.invoke(args=["webhooks", "list"]).output
    bad = runner.invoke(args=["webhooks", "add", "pemkot-medan", "ftp://x"])
    assert bad.exit_code == 2
    webhook_id = added.output.split()[1]
    assert runner.invoke(args=["webhooks", "remove", webhook_id]).exit_code == 0
    kinds = [e.kind for e in db.session.execute(sa.select(CaseEvent)).scalars()]
    assert kinds.count("webhook_added") == 1 and kinds.count("webhook_removed") == 1


def test_an_admin_configures_webhooks_on_a_page(client, world):
    login(client, create_user(Role.COORDINATOR, "medan.secretariat"))
    assert client.get("/admin/webhooks").status_code == 403
    admin = create_user(Role.NATIONAL_ADMIN)
    login(client, admin)
    token = csrf(client, "/admin/webhooks")
    page = client.post("/admin/webhooks", data={"csrf_token": token, "agency": "pemkot-medan",
                                                "url": "https://sim.medan.go.id/hook"})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    secret = SECRET_RE.search(page.get_data(as_text=True)).group(1)
    listing = client.get("/admin/webhooks").get_data(as_text=True)
    assert "https://sim.medan.go.id/hook" in listing and secret not in listing
    wrong = client.post("/admin/webhooks", data={"csrf_token": token, "agency": "nowhere",
                                                 "url": "https://x.example"})
    assert wrong.status_code == 422
