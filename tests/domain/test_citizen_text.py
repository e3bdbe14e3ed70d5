"""Citizen text at intake: bidi formatting characters are dropped in every channel's schema."""

from __future__ import annotations

from domain.cases.schemas import load_intake
from forms.text import strip_bidi
from tests.factories import intake


def test_single_line_text_loses_every_bidi_character():
    assert strip_bidi("a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j"
                      "\u200ek\u200fl\u061cm") == "abcdefghijklm"


def test_multiline_text_keeps_direction_marks_only():
    assert strip_bidi("a\u202eb\u200fc\u2066d", single_line=False) == "ab\u200fcd"


def test_intake_strips_title_location_name_and_description(db_session):
    # db_session: the schema checks the category against the category table.
    loaded = load_intake(intake(title="Tagihan \u202efdp.exe", location="Jl.\u2067 Melati",
                                description="Uraian panjang \u202ddi sini\u202c \u200f.",
                                reporter={"name": "\u202eBudi"}))
    assert loaded.title == "Tagihan fdp.exe" and loaded.location == "Jl. Melati"
    assert loaded.description == "Uraian panjang di sini \u200f."
    assert loaded.reporter_name == "Budi"
