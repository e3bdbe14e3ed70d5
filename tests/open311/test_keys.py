"""API keys: one per client, issued and revoked by the CLI and by an admin on a page, each
audited; the key is shown once and only its hash is stored."""

from __future__ import annotations

import re

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.enums import Role
from domain.open311.keys import hash_key
from domain.open311.models import ApiKey
from tests.factories import create_user
from tests.open311.test_filing import URL, _form
from tests.web.helpers import csrf, login

SECRET_RE = re.compile(r'<code id="issued-secret">([^<]+)</code>')


def _invoke(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def _events(kind: str) -> list[dict]:
    rows = db.session.execute(sa.select(CaseEvent).where(CaseEvent.kind == kind)).scalars()
    return [row.payload for row in rows]


def test_the_cli_issues_a_key_as_its_last_word_and_revokes_it(app, client, world):
    result = _invoke(app, "open311", "keys", "add", "seeclickfix")
    assert result.exit_code == 0, result.output
    key = result.output.split()[-1]
    row = db.session.execute(sa.select(ApiKey).where(ApiKey.name == "seeclickfix")).scalar_one()
    assert row.key_hash == hash_key(key) and key not in row.key_hash
    assert client.post(f"{URL}.json", data=_form(api_key=key)).status_code == 201
    again = _invoke(app, "open311", "keys", "add", "seeclickfix")
    assert again.exit_code == 2 and "seeclickfix" in again.output
    assert "seeclickfix" in _invoke(app, "open311", "keys", "list").output
    revoked = _invoke(app, "open311", "keys", "revoke", "seeclickfix")
    assert revoked.exit_code == 0 and "revoked seeclickfix" in revoked.output
    assert client.post(f"{URL}.json", data=_form(api_key=key)).status_code == 403
    assert _events("open311_key_issued") == [{"name": "seeclickfix"}]
    assert _events("open311_key_revoked") == [{"name": "seeclickfix"}]
    assert _invoke(app, "open311", "keys", "revoke", "nobody").exit_code == 2
    assert _invoke(app, "open311", "keys", "add", "bad name!").exit_code == 2


def test_only_national_admins_and_sysadmins_hold_the_keys(client, world):
    assert client.get("/admin/open311").status_code == 302  # to the login page
    for user in (create_user(Role.COORDINATOR, "medan.secretariat"),
                 create_user(Role.PROCESS_OWNER), create_user(Role.AUDITOR)):
        login(client, user)
        assert client.get("/admin/open311").status_code == 403, user.username
        token = csrf(client, "/desk/login")
        assert client.post("/admin/open311", data={"csrf_token": token,
                                                   "name": "x-client"}).status_code == 403
    db.session.commit()
    assert db.session.execute(sa.select(ApiKey)).first() is None


def test_an_admin_issues_a_key_shown_once_and_revokes_it(client, world):
    admin = create_user(Role.NATIONAL_ADMIN)
    login(client, admin)
    token = csrf(client, "/admin/open311")
    page = client.post("/admin/open311", data={"csrf_token": token, "name": "kota-app"})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    key = SECRET_RE.search(page.get_data(as_text=True)).group(1)
    db.session.commit()
    assert client.post(f"{URL}.json?api_key={key}", data=_form()).status_code == 201
    listing = client.get("/admin/open311").get_data(as_text=True)
    assert "kota-app" in listing and key not in listing  # shown once
    twice = client.post("/admin/open311", data={"csrf_token": token, "name": "kota-app"})
    assert twice.status_code == 422 and "kota-app" in twice.get_data(as_text=True)
    gone = client.post("/admin/open311/revoke", data={"csrf_token": token, "name": "kota-app"})
    assert gone.status_code == 303
    assert client.post(f"{URL}.json?api_key={key}", data=_form()).status_code == 403
    assert _events("open311_key_revoked") == [{"name": "kota-app"}]
