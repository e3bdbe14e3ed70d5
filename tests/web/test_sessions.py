"""Logging out voids the session everywhere, including a copied cookie."""

from __future__ import annotations

from tests.web.helpers import csrf, login


def test_a_copied_session_cookie_dies_at_logout(client, other_client, world, coordinator):
    login(client, coordinator)
    cookie = client.get_cookie("session")
    other_client.set_cookie("session", cookie.value)
    assert other_client.get("/desk/").status_code == 200  # the copy works while logged in
    token = csrf(client, "/desk/")
    assert client.post("/desk/logout", data={"csrf_token": token}).status_code == 303
    again = other_client.get("/desk/")
    assert again.status_code == 302 and "/desk/login" in again.headers["Location"]


def test_logging_in_again_after_logout_works(client, world, coordinator):
    login(client, coordinator)
    client.post("/desk/logout", data={"csrf_token": csrf(client, "/desk/")})
    login(client, coordinator)
    assert client.get("/desk/").status_code == 200
