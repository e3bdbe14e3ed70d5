"""The pages' catalogue: complete, compiled, and the compiled file matches its source."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2] / "web" / "translations" / "en" / "LC_MESSAGES"


def test_english_catalogue_is_complete_and_compiled():
    with (ROOT / "messages.po").open("rb") as po_file:
        po = read_po(po_file)
    with (ROOT / "messages.mo").open("rb") as mo_file:
        mo = read_mo(mo_file)
    untranslated = [m.id for m in po if m.id and not m.string]
    assert untranslated == []
    stale = [m.id for m in po if m.id and not m.fuzzy and mo.get(m.id) is None]
    assert stale == [], "run: .venv/bin/pybabel compile -d web/translations"
    assert all(mo[m.id].string == m.string for m in po if m.id and not m.fuzzy)
