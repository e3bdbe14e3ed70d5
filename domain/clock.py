"""The clock every deadline is measured against.

Production reads the system time. Tests and `timers sweep --as-of` move it explicitly, so no
test sleeps to reach a deadline and the same code path fires timers in both worlds.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """A UTC clock that can be frozen and moved forward (never backward) for tests."""

    def __init__(self) -> None:
        self._frozen: datetime | None = None

    def now(self) -> datetime:
        return self._frozen if self._frozen is not None else datetime.now(UTC)

    def freeze(self, at: datetime | None = None) -> datetime:
        self._frozen = (at or datetime.now(UTC)).astimezone(UTC)
        return self._frozen

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("the clock only moves forward")
        self._frozen = self.now() + delta
        return self._frozen

    def unfreeze(self) -> None:
        self._frozen = None


clock = Clock()
