"""Moving a waiting timer's due time inside an instance's stored state.

Our timer rows decide when a deadline fires, but SpiffWorkflow also keeps each waiting
timer's own due time (`event_value`) and fires the timer by itself during any operation that
finds it past. When a deadline moves later (a cuti bersama declared inside its window), the
engine's copy must move too, or an unrelated step on the case after the old time would fire
the timer early.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime
from typing import Any


def move_timers(state: Mapping[str, Any], due: Mapping[str, datetime]) -> dict[str, Any]:
    """A copy of `state` with the waiting timer tasks named in `due` due at their new time.

    Tasks that are not in the state, or that never evaluated their due time, are left alone
    (the engine evaluates `working_days(n)` when it reaches them).
    """
    moved = copy.deepcopy(dict(state))
    scopes = [moved, *moved.get("subprocesses", {}).values()]
    for scope in scopes:
        tasks = scope.get("tasks", {})
        for task_id, when in due.items():
            internal = (tasks.get(task_id) or {}).get("internal_data")
            if isinstance(internal, dict) and "event_value" in internal \
                    and not internal.get("event_fired"):
                internal["event_value"] = when.isoformat()
    return moved
