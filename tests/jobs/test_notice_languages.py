"""Every notice has its Indonesian and its English text, worded from facts alone."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from jobs import messages

DUE = {"due_at": "2026-12-15T16:59:00+00:00", "due_rule": "follow_up_5hk",
       "due_working_days": 4}
FACTS = {
    "status": {"tid": "AB12CD34", "from": "verification", "to": "hold", **DUE},
    "escalation": {"tid": "AB12CD34", "level": 2, "task": "Tindak lanjut", **DUE},
    "disposed": {"tid": "AB12CD34", "unit": {"id": 1, "name": "Dinas PU"}, **DUE},
    "copied": {"tid": "AB12CD34", "unit": {"id": 1, "name": "Dinas PU"}, "copy": "Bappeda"},
    "receipt": {"tid": "AB12CD34"},
}


@pytest.mark.parametrize("template", sorted(FACTS))
def test_a_notice_reads_in_both_languages_from_its_facts(app, template):
    with app.test_request_context("/"):
        texts = {}
        for locale in ("id", "en"):
            with force_locale(locale):
                texts[locale] = messages.words(template, FACTS[template], {}, None)
    indonesian, english = texts["id"], texts["en"]
    assert "AB12CD34" in indonesian.body and "AB12CD34" in english.body
    assert indonesian.subject != english.subject and indonesian.body != english.body
    for word in ("Laporan", "Tenggat", "Eskalasi", "Tembusan", "Disposisi"):
        assert word not in english.subject + english.body
    if "due_at" in FACTS[template]:
        assert "4 working days" in english.body and "4 hari kerja" in indonesian.body


def test_the_digest_and_the_recap_read_in_english(app):
    with app.test_request_context("/"):
        with force_locale("en"):
            item = messages.words("disposed", FACTS["disposed"], {}, None)
            digest = messages.words("digest", {}, {"day": "2026-12-09", "more": 3, "items": [
                {"template": "disposed", "facts": FACTS["disposed"]}]}, None)
        recap = messages.recap("Pemkot Medan", "2026-11", "en")
    assert digest.subject == "Aduan daily digest 2026-12-09 (4)"
    assert item.body in digest.body and "3 more notifications" in digest.body
    assert recap.subject == "Aduan monthly recap 2026-11: Pemkot Medan"
    assert "Rekap" not in recap.body and "/desk/recaps" in recap.body
