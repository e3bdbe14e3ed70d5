"""engine.diff: what a process owner sees between two versions."""

from __future__ import annotations

from domain.processes.vocabulary import VOCABULARY
from domain.sla.rules import RULES
from engine import compile_process
from engine.diff import diff_specs
from forms.registry import shipped_forms
from tests.studio import variants as v


def _compiled(xml, forms=None):
    return compile_process(xml, v.shipped_dmn(), forms or shipped_forms(), known_rules=set(RULES),
                            vocabulary=VOCABULARY)


def test_identical_versions_have_an_empty_diff():
    a = _compiled(v.shipped_bpmn())
    assert diff_specs(a.spec, a.meta, a.spec, a.meta).empty


def test_review_step_and_longer_deadline_show_as_added_and_changed():
    a = _compiled(v.shipped_bpmn())
    b = _compiled(v.with_review_step(v.with_follow_up_days(v.shipped_bpmn(), 7)), v.review_forms())
    diff = diff_specs(a.spec, a.meta, b.spec, b.meta)
    assert [c.element_id for c in diff.added] == ["review"]
    assert diff.added[0].kind == "userTask"
    assert diff.removed == []
    changed = {c.element_id: c.fields for c in diff.changed}
    assert "timer" in changed["follow_up_late"]
    assert "conditions" in changed["follow_up_decision"]
    # Internal specs (reporter_response.BoundaryEventSplit) fold into their BPMN element.
    assert "incoming" in changed["reporter_response"]
    assert all("." not in element for element in changed)


def test_rename_and_property_change_are_named_by_field():
    xml = v.renamed(v.shipped_bpmn(), "verify", "Periksa laporan")
    xml = v.with_property(xml, "verify", "status", "hold")
    a, b = _compiled(v.shipped_bpmn()), _compiled(xml)
    changed = {c.element_id: c.fields for c in diff_specs(a.spec, a.meta, b.spec, b.meta).changed}
    assert set(changed) == {"verify"}
    assert {"name", "status"} <= set(changed["verify"])


def test_removed_element_is_listed_by_its_id():
    a = _compiled(v.with_review_step(v.shipped_bpmn()), v.review_forms())
    b = _compiled(v.shipped_bpmn())
    diff = diff_specs(a.spec, a.meta, b.spec, b.meta)
    assert [c.element_id for c in diff.removed] == ["review"]
    assert diff.as_dict()["removed"][0]["name"] == "Tinjau jawaban"


def test_changed_values_carry_old_and_new():
    xml = v.with_property(v.with_follow_up_days(v.shipped_bpmn(), 4), "follow_up", "form",
                          "review")
    a, b = _compiled(v.shipped_bpmn()), _compiled(xml, {**shipped_forms(), **v.review_forms()})
    diff = diff_specs(a.spec, a.meta, b.spec, b.meta)
    values = {c.element_id: c.values for c in diff.changed}
    assert values["follow_up_late"] == (("timer", "working_days(5)", "working_days(4)"),)
    assert values["follow_up"] == (("form", "follow_up", "review"),)
    rows = {row["element_id"]: row for row in diff.as_dict()["changed"]}
    assert rows["follow_up"]["values"] == [{"field": "form", "old": "follow_up", "new": "review"}]


def test_added_property_and_long_values():
    xml = v.renamed(v.shipped_bpmn(), "verify", "V" * 500)
    a, b = _compiled(v.shipped_bpmn()), _compiled(xml)
    (change,) = diff_specs(a.spec, a.meta, b.spec, b.meta).changed
    (field, old, new), = change.values
    assert field == "name" and old == "Verifikasi laporan"
    assert len(new) == 200 and new.endswith("…")
