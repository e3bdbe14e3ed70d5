"""The task form renderer: schema + UI hints → fields, HTML posts → typed data, safe HTML."""

from __future__ import annotations

from flask import render_template_string
from werkzeug.datastructures import MultiDict

from forms.registry import shipped_forms
from forms.render import Option, build_fields, parse_submission
from forms.validation import validate


def _by_name(fields):
    return {f.name: f for f in fields}


def test_widgets_follow_the_ui_hints_and_schema():
    forms = shipped_forms()
    verify = _by_name(build_fields(forms["verify"], "id", choices={
        "unit_code": [Option("medan.health", "Dinas Kesehatan")]}))
    assert verify["decision"].widget == "radio" and verify["decision"].required
    assert [o.value for o in verify["decision"].options] == [
        "valid", "hold", "not_authority", "archive"]
    assert verify["unit_code"].widget == "select"
    assert verify["copies"].widget == "lines"  # no choices given: one code per line
    assert verify["target_agency"].widget == "text"
    assert verify["question"].widget == "textarea"
    rating = _by_name(build_fields(forms["reporter_response"], "en"))["rating"]
    assert rating.widget == "radio" and [o.value for o in rating.options] == list("12345")
    assert rating.label == "Rating of the follow-up"


def test_values_and_errors_are_carried_to_their_fields():
    form = shipped_forms()["verify"]
    fields = _by_name(build_fields(form, "id", values={"decision": "hold", "copies": ["a", "b"]},
                                   errors={"question": "Wajib diisi."}))
    assert fields["decision"].selected == {"hold"}
    assert fields["copies"].value == "a\nb"
    assert fields["question"].error == "Wajib diisi."


def test_posted_strings_become_schema_types():
    form = shipped_forms()["reporter_response"]
    data = parse_submission(form, MultiDict([("action", "accept"), ("rating", "4"),
                                             ("comment", ""), ("csrf_token", "x")]))
    assert data == {"action": "accept", "rating": 4}
    bad = parse_submission(form, MultiDict([("action", "accept"), ("rating", "empat")]))
    assert validate(form, bad, "id") == {"rating": "Isian tidak sesuai jenisnya."}
    verify = shipped_forms()["verify"]
    data = parse_submission(verify, MultiDict([("decision", "valid"), ("copies", "a\r\nb\n"),
                                               ("copies", "c")]))
    assert data == {"decision": "valid", "copies": ["a", "b", "c"]}


def test_rendered_fields_escape_every_value(app):
    form = shipped_forms()["follow_up"]
    evil = '"><script>alert(1)</script>'
    fields = build_fields(form, "id", values={"answer": evil, "decision": evil},
                          errors={"answer": evil})
    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "forms/fields.html" import fields as f %}{{ f(items) }}', items=fields)
    assert "<script>" not in html and "&lt;script&gt;" in html
