"""The pages' catalogues: complete, compiled, covering every template; English pages in English.

Two catalogues serve the pages (web/translations) and the API (web/api/translations, which
also holds web/errors.py and templates/api). Flask-Babel merges them, so a template string
counts as translated when either has it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
ROOT = REPO / "web" / "translations" / "en" / "LC_MESSAGES"
CATALOGUES = (ROOT / "messages.po",
              REPO / "web" / "api" / "translations" / "en" / "LC_MESSAGES" / "messages.po")


def _po(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _extract(tmp_path: Path, config: str) -> set[str]:
    """pybabel extract with this mapping into a temporary .pot; its msgids."""
    cfg, pot = tmp_path / "babel.cfg", tmp_path / "messages.pot"
    cfg.write_text(config, encoding="utf-8")
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(cfg), "-k", "_l",
                                "-o", str(pot), str(REPO)])
    return {m.id if isinstance(m.id, str) else m.id[0] for m in _po(pot) if m.id}


def _msgids(path: Path) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in _po(path) if m.id}


def test_english_catalogue_is_complete_and_compiled():
    po = _po(ROOT / "messages.po")
    with (ROOT / "messages.mo").open("rb") as mo_file:
        mo = read_mo(mo_file)
    assert [m.id for m in po if m.id]  # the catalogue was read
    untranslated = [m.id for m in po if m.id and not m.string]
    assert untranslated == []
    stale = [m.id for m in po if m.id and not m.fuzzy and mo.get(m.id) is None]
    assert stale == [], "run: .venv/bin/pybabel compile -d web/translations"
    assert all(mo[m.id].string == m.string for m in po if m.id and not m.fuzzy)


@pytest.mark.parametrize("path", CATALOGUES, ids=["pages", "api"])
def test_no_msgstr_is_empty_or_fuzzy(path):
    po = _po(path)
    empty = [m.id for m in po if m.id and (not m.string or (
        isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in po if m.id and m.fuzzy]
    assert empty == [] and fuzzy == []


def test_every_template_string_is_in_a_catalogue(tmp_path):
    """Any gettext string of any template under web/templates, in the pages' or the API's."""
    found = _extract(tmp_path, "[jinja2: web/templates/**.html]\n")
    assert found, "extraction found nothing: is the Jinja extractor installed?"
    known = set().union(*(_msgids(p) for p in CATALOGUES))
    missing = sorted(found - known)
    assert missing == [], ("extract with web/babel.cfg (pages) or web/api/babel.cfg (API), "
                           "update, translate, compile")


def test_pages_catalogue_is_up_to_date_with_its_mapping(tmp_path):
    """What web/babel.cfg extracts now (Python too) is all in the pages' catalogue."""
    config = (REPO / "web" / "babel.cfg").read_text(encoding="utf-8")
    missing = sorted(_extract(tmp_path, config) - _msgids(ROOT / "messages.po"))
    assert missing == []


def _recorded_kinds() -> set[str]:
    """Every event kind passed as a literal to `record(...)` (domain.audit.operations)."""
    kinds = set()
    for package in ("domain", "jobs", "web"):
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and node.args
                        and getattr(node.func, "attr", getattr(node.func, "id", None)) == "record"
                        and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)):
                    kinds.add(node.args[0].value)
    return kinds


def test_every_audit_event_kind_has_a_label_in_both_languages(app):
    from flask_babel import force_locale

    from web.ui import EVENT, event_label

    kinds = _recorded_kinds()
    assert {"case_submitted", "task_assigned", "process_deployed_directly"} <= kinds
    assert sorted(kinds - set(EVENT)) == []
    with app.test_request_context("/"):
        with force_locale("id"):
            indonesian = {k: event_label(k) for k in kinds}
        with force_locale("en"):
            english = {k: event_label(k) for k in kinds}
    assert indonesian["case_submitted"] == "Laporan diterima"
    assert english["case_submitted"] == "Report received"
    assert [k for k in kinds if english[k] == indonesian[k] or english[k] == k] == []
