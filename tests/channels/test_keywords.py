"""The keyword parser, on messages as people really type them to a short code."""

from __future__ import annotations

import pytest

from domain.channels.keywords import (
    Check,
    Help,
    Report,
    Respond,
    Start,
    Stop,
    category_code,
    parse,
    title_of,
)
from domain.channels.normalize import clean_text, e164

# The category codes the installation ships (the category table's seed).
CATEGORIES = ("health", "roads", "education", "civil_registration", "environment",
              "whistleblowing", "other")
AGENCIES = {"MEDAN"}


@pytest.mark.parametrize(("text", "expected"), [
    ("LAPOR#jalan#Jl. Sisingamangaraja#Lubang besar",
     Report("Lubang besar", "jalan", "Jl. Sisingamangaraja")),
    ("lapor # jln # Jl Gatot Subroto no 5 # lubang dalam, sdh 3 bln",
     Report("lubang dalam, sdh 3 bln", "jln", "Jl Gatot Subroto no 5")),
    ("Lapor.pju.Simpang Pos.lampu mati total", Report("lampu mati total", "pju", "Simpang Pos")),
    ("LAPOR:rs:RSUD Pirngadi:antri dr jam 6", Report("antri dr jam 6", "rs", "RSUD Pirngadi")),
    ("LAPOR#sampah#numpuk di pasar", Report("numpuk di pasar", "sampah", None)),
    ("LAPOR jalan di depan SD 5 berlubang", Report("jalan di depan SD 5 berlubang")),
    ("  lapor   pungli di kantor kelurahan  ", Report("pungli di kantor kelurahan")),
    ("Lapor: guru sering tidak masuk", Report("guru sering tidak masuk")),
    ("MEDAN banjir di Jl. Sisingamangaraja",
     Report("banjir di Jl. Sisingamangaraja", agency_keyword="MEDAN")),
    ("lapor medan#jalan#Jl. SM Raja#rusak", Report("rusak", "jalan", "Jl. SM Raja", "MEDAN")),
    ("#ABCD2345 sudah saya kirim fotonya", Respond("ABCD2345", "sudah saya kirim fotonya", True)),
    ("abcd-2345 belum ada tindakan", Respond("ABCD2345", "belum ada tindakan", False)),
    ("CEK ABCD2345", Check("ABCD2345")),
    ("cek #abcd-2345", Check("ABCD2345")),
    ("CEK", Check(None)),
    ("STOP", Stop()), ("berhenti", Stop()), ("MULAI", Start()), ("start", Start()),
    ("BANTUAN", Help(asked=True)), ("Info", Help(asked=True)),
    ("halo pak selamat pagi", Help(asked=False)), ("", Help(asked=False)),
    ("LAPOR", Help(asked=False)), ("LAPOR###", Help(asked=False)), ("???", Help(asked=False)),
])
def test_parse(text, expected):
    assert parse(text, AGENCIES) == expected


def test_an_agency_keyword_is_only_a_keyword_where_it_is_configured():
    assert parse("MEDAN banjir") == Help(asked=False)


@pytest.mark.parametrize(("word", "text", "code"), [
    ("jln", "", "roads"), ("PJU", "", "roads"), ("rs", "", "health"),
    ("Rumah Sakit", "", "health"), ("ktp", "", "civil_registration"),
    ("sklh", "", "education"), (None, "antrean puskesmas lama", "health"),
    (None, "ada pungli di kelurahan", "whistleblowing"), ("xyz", "tidak jelas", "other"),
    ("health", "", "health"),
])
def test_category_words_and_abbreviations_map_to_category_codes(word, text, code):
    assert category_code(word, text, CATEGORIES) == code


def test_every_mapped_category_exists(db_session):
    from domain.channels.conversation import known_categories
    from domain.channels.keywords import CATEGORY_WORDS

    assert set(CATEGORY_WORDS.values()) <= set(known_categories())


def test_a_mapped_category_the_installation_lacks_falls_back():
    assert category_code("jln", "", ("health", "other")) == "other"


def test_title_is_the_first_line_cut_at_a_word():
    assert title_of("Jalan rusak\nsudah lama") == "Jalan rusak"
    long = "lubang " * 30
    assert len(title_of(long)) <= 100 and title_of(long).endswith("...")


@pytest.mark.parametrize(("raw", "number"), [
    ("081234567890", "+6281234567890"), ("6281234567890", "+6281234567890"),
    ("+62 812-3456-7890", "+6281234567890"), ("1708", "1708"), ("", None), ("abc", None)])
def test_numbers_become_e164(raw, number):
    assert e164(raw) == number


def test_text_becomes_nfc_without_control_or_bidi_characters():
    assert clean_text("Cafe\u0301\x00 \u202eabc\r\nx") == "Café abc\nx"
