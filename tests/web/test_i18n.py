"""The one catalogue: complete, compiled, covering every template and module; one word list.

Pages, the API, letters and notifications share wording/translations (mapping: babel.cfg), so
a word exists once; the tests below fail when a string is missing from it or untranslated,
or when a surface grows its own table of labels again.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
ROOT = REPO / "wording" / "translations" / "en" / "LC_MESSAGES"


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
    def same(a, b):
        return (list(a) == list(b)) if isinstance(b, tuple | list) else a == b

    assert all(same(mo[m.id].string, m.string) for m in po if m.id and not m.fuzzy)


def test_no_msgstr_is_empty_or_fuzzy():
    po = _po(ROOT / "messages.po")
    empty = [m.id for m in po if m.id and (not m.string or (
        isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in po if m.id and m.fuzzy]
    assert empty == [] and fuzzy == []


def test_every_template_string_is_in_the_catalogue(tmp_path):
    """Any gettext string of any template under web/templates."""
    found = _extract(tmp_path, "[jinja2: web/templates/**.html]\n")
    assert found, "extraction found nothing: is the Jinja extractor installed?"
    missing = sorted(found - _msgids(ROOT / "messages.po"))
    assert missing == [], "extract with babel.cfg, update, translate, compile"


def test_catalogue_is_up_to_date_with_its_mapping(tmp_path):
    """What babel.cfg extracts now (Python and templates) is all in the catalogue."""
    config = (REPO / "babel.cfg").read_text(encoding="utf-8")
    missing = sorted(_extract(tmp_path, config) - _msgids(ROOT / "messages.po"))
    assert missing == []


# A module-level dict of string literals keyed by a vocabulary's codes is a word list; there
# is one (wording/labels.py). This catches a second one growing back anywhere else.
_VOCABULARY_CODES = {"follow_up", "verification", "liaison", "case_submitted", "disposition"}


def _is_words(node: ast.expr) -> bool:
    """A gettext call or a literal with a space in it (a phrase, not a code like "ND")."""
    if isinstance(node, ast.Call):
        return getattr(node.func, "id", getattr(node.func, "attr", "")) in GETTEXT
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value


GETTEXT = {"_", "_l", "gettext", "lazy_gettext", "ngettext"}


def test_no_second_word_list_outside_wording():
    offenders = []
    for package in ("web", "jobs", "reports", "domain", "forms"):
        for path in (REPO / package).rglob("*.py"):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
                if not isinstance(value, ast.Dict):
                    continue
                keys = {k.value for k in value.keys if isinstance(k, ast.Constant)}
                words = [v for v in value.values if _is_words(v)]
                if keys & _VOCABULARY_CODES and words:
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


def test_the_domain_speaks_in_codes():
    """No locale test in domain/: the words are wording's, the domain raises codes."""
    hits = [str(p.relative_to(REPO)) for p in (REPO / "domain").rglob("*.py")
            if re.search(r"locale\.startswith|lazy_gettext|flask_babel",
                         p.read_text(encoding="utf-8"))]
    assert hits == []


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

    from wording.labels import EVENT
    from wording.labels import event as event_label

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
