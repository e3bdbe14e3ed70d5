"""A timer job that claims its timer and then hangs, so a test can SIGKILL the worker mid-job.

Imported by the worker subprocess (it runs from the repository root, where `tests` is a
package). The hang is bounded so a test that forgets to kill cannot leave it forever.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

from domain.cases import timers
from domain.clock import clock
from domain.db import db
from jobs.runtime import job
from jobs.timers import fire


@job
def fire_then_hang(timer_id: str, as_of: str, marker: str) -> None:
    """Fire the timer with the domain clock at `as_of`, but hang before the commit."""
    clock.freeze(datetime.fromisoformat(as_of))
    original = timers.run_fire

    def run_fire_and_hang(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        db.session.flush()  # the timer row is claimed and rewritten inside our transaction
        Path(marker).write_text("claimed")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.05)
        return result

    timers.run_fire = run_fire_and_hang
    fire(timer_id, clock.now())
