"""One error shape everywhere, Indonesian by default, English on request."""

from __future__ import annotations

SHAPE = {"code", "message", "details"}


def test_not_found_in_indonesian_by_default(client, world):
    response = client.get("/api/v1/cases/ZZZZ-ZZZZ")
    assert response.status_code == 404
    assert set(response.json) == {"error"} and set(response.json["error"]) == SHAPE
    assert response.json["error"]["code"] == "not_found"
    assert response.json["error"]["message"] == "Data tidak ditemukan."


def test_not_found_in_english_with_lang(client, world):
    response = client.get("/api/v1/cases/ZZZZ-ZZZZ?lang=en")
    assert response.json["error"]["message"] == "Not found."


def test_accept_language_chooses_english(client, world):
    response = client.get("/api/v1/cases/ZZZZ-ZZZZ", headers={"Accept-Language": "en-US,en"})
    assert response.json["error"]["message"] == "Not found."


def test_unknown_api_path_is_json(client, world):
    response = client.get("/api/v1/nothing-here?lang=en")
    assert response.status_code == 404
    assert set(response.json["error"]) == SHAPE


def test_non_json_body_is_422(client, world):
    response = client.post("/api/v1/cases", data="not json",
                           headers={"Content-Type": "text/plain"})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid"
    assert response.json["error"]["message"] == "Badan permintaan harus berupa objek JSON."


def test_method_not_allowed_is_json(client, world):
    response = client.delete("/api/v1/cases?lang=en")
    assert response.status_code == 405
    assert response.json["error"]["message"] == "Method not allowed."
