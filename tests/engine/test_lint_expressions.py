"""The lint refuses hostile or runaway expressions in scripts, conditions, timers and DMN
entries, naming the element, and lists every expression it checked."""


from engine.lint import (
    dmn_expressions,
    expressions,
    extract_metadata,
)
from engine.sandbox import check_expression
from engine.xmlsafe import parse_xml
from tests.engine.lint_support import DMN, GOOD, assert_issue, issues_for


def test_hostile_script_is_refused_naming_the_element():
    hostile = GOOD.replace("holds = 0\ncopies = []", "__import__('os').system('id')")
    found = issues_for(hostile)
    assert len(found) == 1
    assert found[0][0] == "prepare"
    assert "__import__" in found[0][1]


def test_hostile_condition_is_refused_naming_the_flow():
    hostile = GOOD.replace("decision == 'valid' and holds &lt; 2",
                           "().__class__.__base__.__subclasses__()")
    found = issues_for(hostile)
    assert [e for e, _ in found] == ["f_valid"]
    assert "starting with '_'" in found[0][1]


def test_hostile_pre_script_and_timer_are_refused_naming_their_task():
    hostile = GOOD.replace("copies = copies + []", "import os").replace(
        "working_days(5)", "open('/etc/passwd')"
    )
    assert sorted(e for e, _ in issues_for(hostile)) == ["verify", "wait"]


def test_loops_nested_three_deep_are_refused_naming_the_element():
    script = "for a in items:\n    for b in items:\n        t = [c for c in items]"
    found = issues_for(GOOD.replace("holds = 0\ncopies = []", script))
    assert len(found) == 1 and found[0][0] == "prepare"
    assert "nested 3 deep (line 3); at most 2 levels" in found[0][1]


def test_nested_iteration_over_literal_ranges_past_the_budget_is_refused():
    condition = "len([[j for j in range(10000)] for i in range(10000)]) &gt; 0"
    found = issues_for(GOOD.replace("decision == 'valid' and holds &lt; 2", condition))
    assert [e for e, _ in found] == ["f_valid"]
    assert "would run 100000000 times" in found[0][1] and "step limit" in found[0][1]


def test_two_levels_of_modest_loops_are_accepted():
    script = "grid = [[r * c for c in range(100)] for r in range(100)]\nfor row in grid:\n    n = 1"
    assert issues_for(GOOD.replace("holds = 0\ncopies = []", script)) == []


def test_hostile_dmn_entry_is_refused_naming_the_entry():
    hostile = DMN.replace('"valid?"', "[].__class__")
    assert [e for e, _ in issues_for(GOOD, dmn=hostile)] == ["r2o"]


def test_business_rule_task_must_name_an_existing_decision():
    assert ("route", "decision 'routing' is not in any DMN file") in issues_for(
        GOOD, dmn=DMN.replace('id="routing"', 'id="other"')
    )
    no_ref = GOOD.replace(">routing</spiffworkflow:calledDecisionId>",
                          "></spiffworkflow:calledDecisionId>")
    assert_issue(no_ref, "route", "names no decision")


def test_dmn_input_without_expression_is_refused():
    broken = DMN.replace("<text>holds</text>", "")
    assert ("in_holds", "DMN input has no input expression") in issues_for(GOOD, dmn=broken)


def test_expressions_lists_every_script_condition_and_timer():
    found = expressions(parse_xml(GOOD))
    assert found == [
        ("prepare", "holds = 0\ncopies = []", "exec"),
        ("verify", "copies = copies + []", "exec"),
        ("verify", "holds += 1", "exec"),
        ("verify_late", "working_days(3)", "eval"),
        ("wait", "working_days(5)", "eval"),
        ("f_valid", "decision == 'valid' and holds < 2", "eval"),
    ]


def test_dmn_expressions_mirror_what_the_dmn_engine_evaluates():
    found = dmn_expressions(parse_xml(DMN, what="DMN"))
    assert found == [
        ("in_category", "category", "eval"),
        ("in_holds", "holds", "eval"),
        ("r1c", '(category) == ("health")', "eval"),
        ("r1h", "holds< 2", "eval"),
        ("r1o", '"valid"', "eval"),
        ("r2c", 'dmninputexpr.startswith("12.")', "eval"),
        ("r2o", '"valid?"', "eval"),
    ]
    for _, source, mode in found:
        check_expression(source, mode)


def test_extract_metadata_describes_every_flow_node():
    meta = extract_metadata(parse_xml(GOOD))
    assert set(meta) == {
        "start", "prepare", "route", "valid", "verify", "verify_late", "escalate", "wait",
        "both", "closed", "archived",
    }
    assert meta["verify"] == {
        "kind": "userTask",
        "name": "Verify the report",
        "lane": "coordinator",
        "properties": {"form": "verify", "status": "verification"},
        "attached_to": None,
        "instructions": "Check the facts.",
    }
    assert meta["verify_late"]["attached_to"] == "verify"
    assert meta["verify_late"]["properties"] == {"rule": "verify_3hk"}
    assert meta["escalate"]["lane"] == "supervisor"
    assert meta["closed"]["lane"] is None
