"""The plain-words diff: facts from two definitions, worded in Indonesian and English."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from domain.processes.operations import compile_definition
from domain.processes.plain_diff import plain_diff
from tests.studio import variants as v
from wording import process_diff


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def _facts(old_xml: str, new_xml: str, forms=None):
    forms = forms or v.review_forms()
    old = compile_definition(old_xml, v.shipped_dmn(), forms)
    new = compile_definition(new_xml, v.shipped_dmn(), forms)
    return plain_diff(old_xml, old.meta, new_xml, new.meta)


def _words(facts, locale):
    with force_locale(locale):
        return [process_diff.sentence(f) for f in facts]


def test_shorter_follow_up_and_a_review_step_in_both_languages(ctx):
    shipped = v.shipped_bpmn()
    facts = _facts(shipped, v.with_review_step(v.with_follow_up_days(shipped, 4)))
    codes = [(f.code, f.element_id) for f in facts]
    assert codes == [
        ("deadline_shortened", "follow_up_late"),
        ("step_added", "review"),
        ("branch_redirected", "flow_follow_up_answer"),
    ]
    assert facts[0].params == {"task": "Tindak lanjut unit", "old": 5, "new": 4,
                               "rule": "follow_up_5hk"}
    assert facts[1].params["lane"] == "liaison"
    assert facts[1].params["after"] == [
        "Tindak lanjut unit", "Tindak lanjut oleh koordinator",
        "Tindak lanjut oleh admin nasional", "Tindak lanjut oleh atasan"]
    indonesian, english = _words(facts, "id"), _words(facts, "en")
    assert indonesian[0] == ("Batas waktu “Tindak lanjut unit” dipersingkat dari 5 menjadi "
                             "4 hari kerja.")
    assert english[0] == ("The deadline of “Tindak lanjut unit” is shortened from 5 to 4 "
                          "working days.")
    assert english[1].startswith("A step “Tinjau jawaban” by the unit liaison is added after "
                                 "“Tindak lanjut unit”")
    assert "now leads to “Tinjau jawaban” instead of “Tanggapi tindak lanjut”" in english[2]


def test_a_lengthened_deadline_a_changed_condition_and_a_moved_step(ctx):
    shipped = v.with_follow_up_days(v.shipped_bpmn(), 3)
    edited = v.with_follow_up_days(shipped, 4).replace(
        "holds &lt; max_holds", "holds &lt; max_holds + 1", 1)
    ref = "<bpmn:flowNodeRef>follow_up</bpmn:flowNodeRef>"
    edited = edited.replace(ref, "", 1).replace(
        "<bpmn:flowNodeRef>supervisor_late</bpmn:flowNodeRef>",
        "<bpmn:flowNodeRef>supervisor_late</bpmn:flowNodeRef>" + ref, 1)
    facts = _facts(shipped, edited, forms=v.shipped_forms())
    by_code = {f.code: f for f in facts}
    assert by_code["deadline_lengthened"].params["new"] == 4
    changed = by_code["condition_changed"]
    assert changed.params["old"] == "decision == 'hold' and holds < max_holds"
    assert changed.params["new"] == "decision == 'hold' and holds < max_holds + 1"
    moved = by_code["step_reassigned"]
    assert (moved.element_id, moved.params["old"], moved.params["new"]) == (
        "follow_up", "liaison", "supervisor")
    english = _words([changed], "en")[0]
    assert english.startswith("The condition of the branch “Tunda” at the decision "
                              "“Hasil verifikasi?” changes:")


def test_every_fact_the_domain_can_state_is_worded(ctx):
    import inspect

    from domain.processes import plain_diff as module

    source = inspect.getsource(module)
    stated = {code for code in process_diff.codes() if f'"{code}"' in source}
    assert stated == process_diff.codes()


def test_identical_definitions_state_nothing(ctx):
    shipped = v.shipped_bpmn()
    assert _facts(shipped, shipped) == []
