"""Parsed process specs, built once per deployed version and shared by every operation.

A version's spec never changes after deploy, yet each step used to rebuild it from its
~25 KB dict (a deep copy, then SpiffWorkflow's `from_dict`): about a fifth of an intake's
CPU. SpiffWorkflow's task specs hold no instance state (that lives in `Task` objects and the
workflow), so one parsed spec serves every instance of its version; migration, which moves
a workflow from one spec to another, asks for a private copy instead.

Keyed by the identity of the serialized dict the caller hands in (the domain keeps one dict
per version for the life of the process) and holding that dict, so an id is never reused
while its entry lives; bounded, least recently used first out.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from engine.definitions import SERIALIZER

MAX_SPECS = 64
Parsed = tuple[Any, dict[str, Any]]  # (top-level BpmnProcessSpec, subprocess specs by name)

_lock = threading.Lock()
_parsed: OrderedDict[int, tuple[Mapping[str, Any], Parsed]] = OrderedDict()


def parse(serialized: Mapping[str, Any]) -> Parsed:
    """A fresh parse (from_dict pops keys from what it reads: it gets a copy)."""
    top = SERIALIZER.from_dict(copy.deepcopy(serialized["spec"]))
    subs = {name: SERIALIZER.from_dict(copy.deepcopy(sub))
            for name, sub in serialized["subprocess_specs"].items()}
    return top, subs


def parsed(serialized: Mapping[str, Any]) -> Parsed:
    """The shared parse of this serialized spec, built on first use."""
    key = id(serialized)
    with _lock:
        hit = _parsed.get(key)
        if hit is not None and hit[0] is serialized:
            _parsed.move_to_end(key)
            return hit[1]
    value = parse(serialized)
    with _lock:
        _parsed[key] = (serialized, value)
        while len(_parsed) > MAX_SPECS:
            _parsed.popitem(last=False)
    return value
