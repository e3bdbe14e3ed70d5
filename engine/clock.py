"""The engine's "now" is the operation's clock, not the wall clock.

SpiffWorkflow's timer events compare their due time with `datetime.now()`. Every engine
operation runs under `operation_time(now)`, and the timer module sees that moment instead:
so a test can start a case on any date, `timers sweep --as-of` and production take one code
path, and a timer never fires because the machine's clock moved while the case's did not.
A ContextVar keeps concurrent operations (threads, workers) apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, tzinfo

from SpiffWorkflow.bpmn.specs.event_definitions import timer as _timer_module

_NOW: ContextVar[datetime | None] = ContextVar("aduan_engine_now", default=None)


class _OperationDatetime(datetime):
    """`datetime` whose `now()` answers the current operation's moment when one is set."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        moment = _NOW.get()
        if moment is None:
            return datetime.now(tz)
        return moment.astimezone(tz) if tz is not None else moment


# The timer module reads the name `datetime` from its own namespace at call time.
_timer_module.datetime = _OperationDatetime  # type: ignore[misc]


@contextmanager
def operation_time(now: datetime | None) -> Iterator[None]:
    """Run the block with the engine's clock at `now` (None: the wall clock)."""
    token = _NOW.set(now)
    try:
        yield
    finally:
        _NOW.reset(token)
