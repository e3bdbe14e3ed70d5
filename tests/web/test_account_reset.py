"""An admin sends a one-time reset link through the outbox; it expires and works once."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.enums import Role
from domain.org.models import PasswordReset
from domain.outbox.models import OutboxMessage
from tests.factories import PASSWORD, create_user
from tests.jobs.fixtures import sinks  # noqa: F401
from tests.jobs.support import drain_outbox
from tests.web.helpers import csrf, login

NEW = "tiga ekor kucing oranye"
LINK = re.compile(r"http://localhost/desk/reset/([A-Za-z0-9_-]+)")


def _send_link(client, username: str):
    token = csrf(client, f"/admin/users/{username}")
    return client.post(f"/admin/users/{username}/reset-link", data={"csrf_token": token})


def _mailed_token(sinks, address: str) -> str:  # noqa: F811
    lines = [json.loads(x) for x in (sinks / "email.log").read_text().splitlines()]
    (mail,) = [m for m in lines if m["to"] == address]
    return LINK.search(mail["body"]).group(1)


def _reset(client, token: str, new: str = NEW, confirm: str | None = None):
    form_token = csrf(client, f"/desk/reset/{token}")
    return client.post(f"/desk/reset/{token}", data={"csrf_token": form_token, "new": new,
                                                      "confirm": confirm or new})


def _logs_in(client, username: str, password: str) -> bool:
    token = csrf(client, "/desk/login")
    return client.post("/desk/login", data={"csrf_token": token, "username": username,
                                            "password": password}).status_code == 303


def test_a_reset_link_is_mailed_hashed_at_rest_used_once(client, other_client, world,
                                                         sinks):  # noqa: F811
    liaison = create_user(Role.LIAISON, "medan.health", email="liaison@bandung.test")
    admin = create_user(Role.NATIONAL_ADMIN)
    login(other_client, liaison)
    login(client, admin)
    assert _send_link(client, liaison.username).status_code == 303
    drain_outbox()
    token = _mailed_token(sinks, "liaison@bandung.test")
    (row,) = db.session.scalars(sa.select(PasswordReset))
    assert row.token_hash != token and len(row.token_hash) == 64  # only the hash is kept
    assert all(token not in json.dumps(m.payload) for m in db.session.scalars(
        sa.select(OutboxMessage)))  # scrubbed from the outbox once sent
    (issued,) = db.session.scalars(sa.select(CaseEvent).where(
        CaseEvent.kind == "password_reset_issued"))
    assert issued.actor == f"user:{admin.id}" and token not in json.dumps(issued.payload)

    page = client.get(f"/desk/reset/{token}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    weak = _reset(client, token, new="pendek")
    assert weak.status_code == 422 and 'id="err-new"' in weak.get_data(as_text=True)
    assert _reset(client, token).status_code == 303
    assert _reset(client, token, new="kucing lain lagi").status_code == 404  # once only
    assert client.get(f"/desk/reset/{token}").status_code == 404
    again = other_client.get("/desk/")  # his old session died with the old password
    assert again.status_code == 302
    assert not _logs_in(other_client, liaison.username, PASSWORD)
    assert _logs_in(other_client, liaison.username, NEW)


def test_a_reset_link_expires_and_a_newer_one_voids_it(client, world, sinks, clock):  # noqa: F811
    liaison = create_user(Role.LIAISON, "medan.health", email="liaison@bandung.test")
    login(client, create_user(Role.NATIONAL_ADMIN))
    _send_link(client, liaison.username)
    drain_outbox()
    first = _mailed_token(sinks, "liaison@bandung.test")
    (sinks / "email.log").unlink()
    _send_link(client, liaison.username)
    drain_outbox()
    second = _mailed_token(sinks, "liaison@bandung.test")
    assert client.get(f"/desk/reset/{first}").status_code == 404  # voided by the newer link
    assert client.get(f"/desk/reset/{second}").status_code == 200
    clock.advance(timedelta(hours=24, seconds=1))
    expired = client.get(f"/desk/reset/{second}")
    assert expired.status_code == 404 and "kedaluwarsa" in expired.get_data(as_text=True)
    assert client.get("/desk/reset/not-a-real-token-at-all-xyz").status_code == 404


def test_a_coordinator_sends_links_only_for_his_agencys_accounts(client, world):
    medan_liaison = create_user(Role.LIAISON, "medan.health", email="l@medan.test")
    jakarta = create_user(Role.COORDINATOR, "dki.secretariat", email="c@dki.test")
    login(client, create_user(Role.COORDINATOR, "medan.secretariat"))
    page = client.get(f"/admin/users/{medan_liaison.username}")
    assert page.status_code == 200 and 'id="send-reset"' in page.get_data(as_text=True)
    token = csrf(client, f"/admin/users/{medan_liaison.username}")
    outside = client.post(f"/admin/users/{jakarta.username}/reset-link",
                          data={"csrf_token": token})
    assert outside.status_code == 404
    assert _send_link(client, medan_liaison.username).status_code == 303
    issued = list(db.session.scalars(sa.select(PasswordReset)))
    assert [r.user_id for r in issued] == [medan_liaison.id]
    login(client, create_user(Role.LIAISON, "medan.health"))
    assert client.post(f"/admin/users/{medan_liaison.username}/reset-link",
                       data={"csrf_token": csrf(client, "/desk/")}).status_code == 403
