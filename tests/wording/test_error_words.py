"""Domain errors carry codes; every code raised anywhere has its words in both languages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask_babel import force_locale

from domain.errors import Conflict, InvalidData, NotFound
from wording import errors as words

REPO = Path(__file__).resolve().parents[2]
ERRORS = {"NotFound", "Forbidden", "Conflict", "InvalidData", "BadCredentials"}


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def _raised_reasons() -> dict[str, set[str]]:
    """Every `raise Error("code", ...)` in domain/ and web/, by error class."""
    found: dict[str, set[str]] = {}
    for package in ("domain", "web", "jobs"):
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERRORS
                        and node.args and isinstance(node.args[0], ast.Constant)):
                    found.setdefault(node.func.id, set()).add(node.args[0].value)
    return found


def test_a_sentence_is_refused_as_a_reason():
    with pytest.raises(ValueError, match="code"):
        Conflict("this task was already completed")


def test_every_raised_reason_has_words_in_both_languages(ctx):
    raised = _raised_reasons()
    assert raised.get("Conflict") and raised.get("InvalidData")
    needs_words = set().union(*(codes for name, codes in raised.items() if name != "NotFound"))
    assert sorted(needs_words - set(words.REASON)) == []
    for reason in needs_words:
        with force_locale("id"):
            indonesian = str(words.REASON[reason])
        with force_locale("en"):
            english = str(words.REASON[reason])
        assert indonesian != english, reason


def test_parameters_fill_the_sentence_and_not_found_stays_vague(ctx):
    with force_locale("en"):
        assert words.message(Conflict("draft_already", status="approved")) == \
            "The draft is already approved."
        assert words.message(NotFound("draft_not_found")) == \
            words.message(NotFound("case_not_found")) == "Not found."
    with force_locale("id"):
        assert words.message(Conflict("draft_already", status="approved")) == \
            "Draf sudah berstatus approved."


def test_field_codes_become_phrases_and_worded_text_passes(ctx):
    error = InvalidData("day_name_length", details={"name": ["length"], "x": "Sudah kata."},
                        max=200)
    with force_locale("en"):
        assert words.details(error) == {"name": ["1 to 200 characters."], "x": "Sudah kata."}
    assert words.details(Conflict("case_changed")) == {"reason": "case_changed"}


def test_the_api_answers_in_the_readers_language(client, world):
    from tests.api.test_errors import SHAPE

    response = client.post("/api/v1/auth/token?lang=en", json={"username": "x", "password": "y"})
    assert set(response.json["error"]) == SHAPE
    assert response.json["error"]["message"] == "Wrong username or password."
