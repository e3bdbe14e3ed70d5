"""POST /api/v1/auth/token and bearer-token checks."""

from __future__ import annotations

from tests.factories import PASSWORD


def test_token_for_good_credentials(client, world):
    response = client.post("/api/v1/auth/token",
                           json={"username": "verifier", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json
    assert body["token"] and body["token_type"] == "Bearer"
    assert body["expires_in"] == client.application.config["ADUAN"].token_ttl
    assert body["user"] == {"username": "verifier", "roles": ["coordinator"]}
    assert "set-cookie" not in {k.lower() for k in response.headers.keys()}


def test_bad_password_is_401_in_the_error_shape(client, world):
    response = client.post("/api/v1/auth/token", json={"username": "verifier", "password": "x"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.json["error"]["message"] == "Nama pengguna atau kata sandi salah."


def test_unknown_user_is_the_same_401(client, world):
    response = client.post("/api/v1/auth/token?lang=en",
                           json={"username": "nobody", "password": PASSWORD})
    assert response.status_code == 401
    assert response.json["error"]["message"] == "Wrong username or password."


def test_missing_fields_are_422(client, world):
    response = client.post("/api/v1/auth/token", json={"username": "verifier"})
    assert response.status_code == 422
    assert "password" in response.json["error"]["details"]


def test_token_requests_are_rate_limited(client, world, settings_override):
    settings_override(rate_limit_token="3 per minute")
    codes = [client.post("/api/v1/auth/token", json={"username": "verifier", "password": "x"})
             .status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    response = client.post("/api/v1/auth/token", json={"username": "verifier",
                                                       "password": PASSWORD})
    assert response.status_code == 429
    assert response.json["error"]["code"] == "too_many_requests"


def test_missing_token_is_401_json(client, world):
    for path in ("/api/v1/cases", "/api/v1/tasks"):
        response = client.get(path)
        assert response.status_code == 401
        assert response.json["error"]["code"] == "unauthorized"


def test_garbage_and_expired_tokens_are_401(client, world, login, settings_override):
    headers = login("verifier")
    assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    assert client.get("/api/v1/tasks",
                      headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    settings_override(token_ttl=-1)  # every token is now older than its lifetime
    assert client.get("/api/v1/tasks", headers=headers).status_code == 401


def test_api_ignores_the_session_cookie(client, world):
    # Only bearer tokens authenticate the API (it is CSRF-exempt): no cookie, no user.
    response = client.get("/api/v1/tasks", headers={"Cookie": "session=anything"})
    assert response.status_code == 401
