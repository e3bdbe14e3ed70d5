"""Rules for free text people type: what may never reach the database or a document.

Control characters (NUL above all: PostgreSQL refuses it, so it would surface as a server
error carrying the whole statement) are refused at the edge with a field error instead.
Newlines and tabs stay allowed.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_chars(value: Any) -> bool:
    """True if `value` (a string, or a list/dict of them) holds a forbidden control char."""
    if isinstance(value, str):
        return bool(_CONTROL.search(value))
    if isinstance(value, list | tuple):
        return any(has_control_chars(v) for v in value)
    if isinstance(value, dict):
        return any(has_control_chars(k) or has_control_chars(v) for k, v in value.items())
    return False
