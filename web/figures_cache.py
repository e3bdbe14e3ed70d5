"""Figures held for a few seconds per process: the statistics pages' read-through cache.

The figures come from the rollup (a SUM over its rows, never the case table), but a range
of months still reads about one rollup row per case at national scale (day x unit x ...
is that fine: see docs/performance.md). Public statistics change slowly and are read by
many, so each process keeps a computed result for `ADUAN_STATS_CACHE_SECONDS` (default 60;
0 turns it off), keyed by the reader's slice (scope and filters), so no reader ever gets
figures of another scope. A change shows on the page within that many seconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import current_app

T = TypeVar("T")
MAX_ENTRIES = 512
_lock = threading.Lock()
_held: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its result from the last `stats_cache_seconds` for the same key."""
    seconds = current_app.config["ADUAN"].stats_cache_seconds
    if seconds <= 0:
        return compute()
    full_key = (current_app.config["SQLALCHEMY_DATABASE_URI"], key)
    now = time.monotonic()
    with _lock:
        held = _held.get(full_key)
        if held is not None and held[0] > now:
            _held.move_to_end(full_key)
            return held[1]
    value = compute()
    with _lock:
        _held[full_key] = (now + seconds, value)
        while len(_held) > MAX_ENTRIES:
            _held.popitem(last=False)
    return value


def forget() -> None:
    with _lock:
        _held.clear()
