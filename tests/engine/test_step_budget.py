"""The sandbox's step budget stops loops and allocations on any thread, not only where
SIGALRM can fire: every case here runs in a `threading.Thread`, as under `flask run` or a
threaded gunicorn worker."""

from __future__ import annotations

import threading
import tracemalloc
from typing import Any

import pytest

from engine.guards import MAX_SEQUENCE, MAX_STEPS, Budget
from engine.sandbox import ExpressionError, RestrictedEnvironment

NESTED_LOOP = "t = 0\nfor i in range(2000):\n    for j in range(1000):\n        t += 1"
AUDIT_COMPREHENSION = "[[j for j in range(10000)] for i in range(10000)]"


def off_the_main_thread(work: Any) -> dict[str, Any]:
    """Run `work()` in a new thread; return its result or the exception it raised."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        outcome["thread"] = threading.current_thread()
        try:
            outcome["result"] = work()
        except Exception as exc:  # handed back to the test to assert on
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    assert outcome["thread"] is not threading.main_thread()
    return outcome


def peak_bytes_off_the_main_thread(work: Any) -> tuple[dict[str, Any], int]:
    tracemalloc.start()
    try:
        outcome = off_the_main_thread(work)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return outcome, peak


def test_a_nested_loop_off_the_main_thread_is_stopped_at_the_step_limit():
    # 2,000,000 iterations: without the budget it finishes, and nothing is raised.
    data: dict[str, Any] = {}
    outcome = off_the_main_thread(lambda: RestrictedEnvironment().execute(NESTED_LOOP, data))
    assert isinstance(outcome.get("error"), ExpressionError), outcome
    assert "over the step limit" in str(outcome["error"])
    assert data == {}


def test_a_comprehension_off_the_main_thread_is_stopped_before_memory_grows():
    # 3,000,000 ints (over 100 MB) without the budget; the budget stops it far below 50 MB.
    source = "[[j for j in range(1000)] for i in range(n)]"
    env = RestrictedEnvironment()
    outcome, peak = peak_bytes_off_the_main_thread(lambda: env.evaluate(source, {"n": 3000}))
    assert isinstance(outcome.get("error"), ExpressionError), outcome
    assert "over the step limit" in str(outcome["error"])
    assert peak < 50_000_000


def test_the_audit_comprehension_of_ten_to_the_eight_items_stays_under_50_mb():
    env = RestrictedEnvironment()
    outcome, peak = peak_bytes_off_the_main_thread(lambda: env.evaluate(AUDIT_COMPREHENSION, {}))
    assert isinstance(outcome.get("error"), ExpressionError), outcome
    assert peak < 50_000_000


def test_repeated_appends_pay_for_what_they_keep():
    # 1,000 copies of 100,001 characters: 100 MB kept, though the loop has only 1,000 steps.
    script = "s = 'a' * 100000\nkept = []\nfor i in range(1000):\n    kept.append(s + 'b')"
    outcome, peak = peak_bytes_off_the_main_thread(
        lambda: RestrictedEnvironment().execute(script, {})
    )
    assert isinstance(outcome.get("error"), ExpressionError), outcome
    assert "over the step limit" in str(outcome["error"])
    assert peak < 50_000_000


def test_searching_a_long_list_in_a_loop_pays_for_every_scan():
    # 200 scans of 500,000 items: 10^8 comparisons that no loop step alone would count.
    script = "l = [0] * 500000\nfor i in range(200):\n    found = i in l"
    outcome = off_the_main_thread(lambda: RestrictedEnvironment().execute(script, {}))
    assert isinstance(outcome.get("error"), ExpressionError), outcome
    assert "over the step limit" in str(outcome["error"])


@pytest.mark.parametrize(
    "script",
    [
        "s = 'a' * 600000\ns = s + s",
        "s = 'a' * 600000\ns += s",
        "l = [0] * 600000\nl = [*l, *l]",
        "l = [0] * 600000\nl.extend(l)",
        "s = 'a' * 600000\ns = f'{s}{s}'",
        "s = 'a'.ljust(2000000)",
        "s = ('a' * 1000).replace('a', 'a' * 2000)",
        "s = ''.join(['a' * 1000] * 2000)",
        "l = sum([[0] * 100000] * 20, [])",
        "s = '%s%s' % ('a' * 600000, 'b' * 600000)",
    ],
)
def test_no_single_value_grows_past_max_sequence(script):
    outcome = off_the_main_thread(lambda: RestrictedEnvironment().execute(script, {}))
    assert isinstance(outcome.get("error"), ExpressionError), outcome
    assert f"over the limit of {MAX_SEQUENCE}" in str(outcome["error"])


def test_a_script_cannot_leave_a_shared_reference_tree_for_the_serializer():
    # 21 doublings by reference: 40 cheap steps, but 2^21 items to check and write.
    script = "x = []\nfor i in range(21):\n    x = [x, x]"
    data: dict[str, Any] = {}
    outcome = off_the_main_thread(lambda: RestrictedEnvironment().execute(script, data))
    assert isinstance(outcome.get("error"), ExpressionError), outcome
    assert f"more than {MAX_SEQUENCE} items in task data" in str(outcome["error"])
    assert data == {}


def test_a_normal_expression_and_script_still_run_off_the_main_thread():
    env = RestrictedEnvironment({"working_days": lambda n: f"due in {n}"})
    data = {"items": [{"name": "b", "qty": 2}, {"name": "a", "qty": 3}], "holds": 1}
    script = (
        "names = sorted(i['name'] for i in items)\ntotal = sum(i['qty'] for i in items)\n"
        "grid = [[r * c for c in range(3)] for r in range(3)]\n"
        "label = ', '.join(names) + f' ({total})'\ndue = working_days(total)\n"
        "kinds = [isinstance(names, list), isinstance(label, (str, dict)), isinstance(1, str)]\n"
    )

    def work() -> tuple[Any, dict[str, Any]]:
        answer = env.evaluate("holds < 2 and any(i['qty'] > 2 for i in items)", data)
        env.execute(script, data)
        return answer, data

    outcome = off_the_main_thread(work)
    assert "error" not in outcome, outcome
    answer, result = outcome["result"]
    assert answer is True
    assert result["names"] == ["a", "b"] and result["total"] == 5
    assert result["grid"] == [[0, 0, 0], [0, 1, 2], [0, 2, 4]]
    assert (result["label"], result["due"]) == ("a, b (5)", "due in 5")
    assert result["kinds"] == [True, True, False]  # metered constructors still act as types


def test_each_evaluation_has_its_own_budget():
    # Four threads each spend about 60% of a budget: a shared counter would stop some.
    script = "t = 0\nfor i in range(600):\n    for j in range(1000):\n        t += 1"
    outcomes: list[dict[str, Any]] = []
    barrier = threading.Barrier(4)

    def work() -> Any:
        data: dict[str, Any] = {}
        barrier.wait()
        RestrictedEnvironment(time_limit_seconds=0).execute(script, data)
        return data["t"]

    threads = [threading.Thread(target=lambda: outcomes.append(off_the_main_thread(work)))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [o.get("result") for o in outcomes] == [600_000] * 4


def test_task_data_cannot_replace_the_counting_iterator():
    data = {"_getiter_": iter, "_sized_": lambda value: value}
    outcome = off_the_main_thread(lambda: RestrictedEnvironment().execute(NESTED_LOOP, data))
    assert isinstance(outcome.get("error"), ExpressionError), outcome


def test_the_budget_counts_items_iterated_built_and_scanned():
    budget = Budget(10)
    assert list(budget.iterate(range(10))) == list(range(10))
    with pytest.raises(ExpressionError, match="over the step limit of 10 steps"):
        next(budget.iterate([1]))
    assert Budget().limit == MAX_STEPS
    wide = Budget(100)
    wide.built(list(range(60)))
    with pytest.raises(ExpressionError, match="over the step limit"):
        wide.built(list(range(60)))
