"""An officer changes his own password; every other session and token of his dies."""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.enums import Role
from domain.org.models import User
from domain.org.operations import disable_user
from tests.factories import PASSWORD, create_user
from tests.web.helpers import csrf, login

NEW = "tiga ekor kucing oranye"


def _change(client, current=PASSWORD, new=NEW, confirm=None, lang="id"):
    token = csrf(client, f"/desk/password?lang={lang}")
    return client.post("/desk/password", data={"csrf_token": token, "current": current,
                                               "new": new, "confirm": confirm or new})


def _password_login(client, username, password):
    token = csrf(client, "/desk/login")
    return client.post("/desk/login", data={"csrf_token": token, "username": username,
                                            "password": password})


def test_changing_the_password_keeps_this_session_and_ends_the_others(
        client, other_client, world, coordinator):
    login(client, coordinator)
    login(other_client, coordinator)
    token = client.post("/api/v1/auth/token", json={"username": coordinator.username,
                                                    "password": PASSWORD}).json["token"]
    page = client.get("/desk/password").get_data(as_text=True)
    assert "paling sedikit 10 karakter" in page and 'autocomplete="current-password"' in page
    response = _change(client)
    assert response.status_code == 303
    assert client.get("/desk/").status_code == 200  # this browser got a fresh cookie
    again = other_client.get("/desk/")
    assert again.status_code == 302 and "/desk/login" in again.headers["Location"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/tasks", headers=bearer).status_code == 401
    assert _password_login(other_client, coordinator.username, PASSWORD).status_code == 401
    assert _password_login(other_client, coordinator.username, NEW).status_code == 303
    (event,) = db.session.scalars(sa.select(CaseEvent).where(
        CaseEvent.kind == "user_password_set", CaseEvent.actor == f"user:{coordinator.id}"))
    assert event.payload == {"username": coordinator.username}
    assert NEW not in str(event.payload)


def test_a_wrong_current_password_or_a_weak_new_one_is_refused_next_to_its_field(
        client, world, coordinator):
    login(client, coordinator)
    wrong = _change(client, current="not my password")
    assert wrong.status_code == 422
    assert 'id="err-current"' in wrong.get_data(as_text=True)
    cases = {"kucing7": "paling sedikit 10 karakter",
             f"{coordinator.username}-rahasia": "nama pengguna",
             "aaaaaaaaaaaaaaab": "diulang",
             "password123": "umum dipakai"}
    for new, words in cases.items():
        refused = _change(client, new=new)
        assert refused.status_code == 422, new
        html = refused.get_data(as_text=True)
        assert 'id="err-new"' in html and words in html, (new, html[-1500:])
        assert new not in html.replace(coordinator.username, "")  # never echoed back
    mismatch = _change(client, confirm="something else entirely")
    assert mismatch.status_code == 422 and "tidak sama" in mismatch.get_data(as_text=True)
    english = _change(client, new="short", lang="en")
    assert "at least 10 characters" in english.get_data(as_text=True)
    assert client.get("/desk/").status_code == 200  # nothing changed, still logged in
    assert _password_login(client, coordinator.username, PASSWORD).status_code == 303


def test_every_role_may_change_its_password_and_nobody_logged_out_may(client, world):
    assert client.get("/desk/password").status_code == 302
    auditor = create_user(Role.AUDITOR)
    login(client, auditor)
    assert client.get("/desk/password").status_code == 200
    assert _change(client).status_code == 303


def test_disabling_a_user_ends_his_web_session_at_the_next_request(client, world, coordinator):
    login(client, coordinator)
    assert client.get("/desk/").status_code == 200
    # The requests ended the fixture's session: act on the row as the current session has it.
    disable_user(db.session.get(User, coordinator.id), actor="system:cli")
    db.session.commit()
    response = client.get("/desk/")
    assert response.status_code == 302 and "/desk/login" in response.headers["Location"]
