"""The sandbox's extra wall: a CPU-time limit on the main thread (ITIMER_PROF).

It stops a runaway script, leaves RQ's SIGALRM job timeout alone, re-arms an enclosing CPU
timer, does not count waiting, and is a no-op off the main thread (where the step budget of
`engine.guards` is the bound: tests/engine/test_step_budget.py)."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from engine.sandbox import ExpressionError, RestrictedEnvironment, time_limit


def test_time_limit_stops_a_runaway_script():
    env = RestrictedEnvironment(time_limit_seconds=0.2)
    script = "t = 0\nfor i in range(10000):\n    for j in range(10000):\n        t += 1"
    # The error itself proves the limit cut the loop (unlimited, it runs for minutes).
    with pytest.raises(ExpressionError, match="exceeded the time limit"):
        env.execute(script, {})
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_time_limit_leaves_a_job_timeout_alarm_alone():
    # RQ's job timeout is a SIGALRM: the CPU-time limit must neither eat nor move it.
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        with time_limit(0.5):
            pass
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25 < remaining <= 30
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


def test_time_limit_rearms_an_outer_cpu_timer():
    fired = []
    previous = signal.signal(signal.SIGPROF, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_PROF, 30)
        with time_limit(0.5):
            pass
        remaining, _ = signal.getitimer(signal.ITIMER_PROF)
        assert 25 < remaining <= 30.1  # the kernel rounds a CPU timer up to its tick
        assert signal.getsignal(signal.SIGPROF) is not previous
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    assert fired == []


def test_waiting_is_not_spending():
    # A helper that waits (the database, a busy machine) does not count against the limit.
    with time_limit(0.05):
        time.sleep(0.2)


def test_time_limit_is_a_no_op_off_the_main_thread():
    outcome = []

    def work():
        with time_limit(0.01):
            time.sleep(0.05)
        outcome.append("finished")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["finished"]
