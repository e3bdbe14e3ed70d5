"""`POST /api/v1/admin/users/{username}/reset-link`: the API's way to give an account a
password (issue 9 point 4: the CLI's set-password, without the admin learning it)."""

from __future__ import annotations

import sqlalchemy as sa

from domain.db import db
from domain.enums import Role
from domain.org.models import PasswordReset
from domain.outbox.models import OutboxMessage
from tests.factories import create_user


def _links() -> list[PasswordReset]:
    return list(db.session.scalars(sa.select(PasswordReset).order_by(PasswordReset.id)))


def test_a_coordinator_mails_a_link_to_his_agency_s_officer_only(client, world, login):
    liaison = create_user(Role.LIAISON, "medan.health", email="l@medan.test")
    jakarta = create_user(Role.COORDINATOR, "dki.secretariat", email="c@dki.test")
    coordinator = login(create_user(Role.COORDINATOR, "medan.secretariat"))
    sent = client.post(f"/api/v1/admin/users/{liaison.username}/reset-link",
                       headers=coordinator)
    assert sent.status_code == 202 and sent.json["username"] == liaison.username
    (link,) = _links()
    assert link.user_id == liaison.id and sent.json["expires_at"].startswith(
        link.expires_at.isoformat()[:16])
    (mail,) = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.dedupe_key == f"password-reset:{link.id}"))
    assert mail.payload["recipient"] == f"user:{liaison.id}"
    outside = client.post(f"/api/v1/admin/users/{jakarta.username}/reset-link",
                          headers=coordinator)
    assert outside.status_code == 404 and len(_links()) == 1


def test_no_e_mail_no_link_and_an_officer_is_not_an_admin(client, world, login):
    mute = create_user(Role.LIAISON, "medan.health")
    admin = login(create_user(Role.NATIONAL_ADMIN))
    refused = client.post(f"/api/v1/admin/users/{mute.username}/reset-link?lang=en",
                          headers=admin)
    assert refused.status_code == 422 and "email" in refused.json["error"]["details"]
    officer = login(create_user(Role.LIAISON, "medan.health"))
    assert client.post(f"/api/v1/admin/users/{mute.username}/reset-link",
                       headers=officer).status_code in (403, 404)
    assert _links() == []
