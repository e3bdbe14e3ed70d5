"""An officer chooses immediate mails or the daily digest on his own page."""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.org.operations import find_user
from tests.web.helpers import csrf, login


def _choose(client, mode: str, lang: str = "id"):
    token = csrf(client, f"/desk/notifications?lang={lang}")
    return client.post("/desk/notifications", data={"csrf_token": token, "mode": mode})


def test_an_officer_switches_to_the_digest_and_back_to_the_default(client, world):
    login(client, world["users"]["liaison.health"])
    page = client.get("/desk/notifications").get_data(as_text=True)
    assert "surel langsung untuk setiap peristiwa" in page and "07:00 WIB" in page
    assert _choose(client, "digest").status_code == 303
    assert find_user("liaison.health").notice_mode == "digest"
    assert "ringkasan harian, dikirim pukul 07:00 WIB" in \
        client.get("/desk/notifications").get_data(as_text=True)
    assert _choose(client, "").status_code == 303
    assert find_user("liaison.health").notice_mode is None
    events = db.session.execute(sa.select(CaseEvent.payload).where(
        CaseEvent.kind == "notice_mode_changed")).scalars().all()
    assert [(e["from"], e["to"]) for e in events] == [(None, "digest"), ("digest", None)]


def test_an_unknown_mode_is_refused_in_the_readers_language(client, world):
    login(client, world["users"]["liaison.works"])
    response = _choose(client, "hourly", lang="en")
    assert response.status_code == 422
    assert "Choose immediate mails or a daily digest." in response.get_data(as_text=True)
    english = client.get("/desk/notifications?lang=en").get_data(as_text=True)
    assert "Notifications" in english
