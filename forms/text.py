"""Rules for free text people type: what may never reach the database or a document.

Control characters (NUL above all: PostgreSQL refuses it, so it would surface as a server
error carrying the whole statement) are refused at the edge with a field error instead.
Newlines and tabs stay allowed.

Unicode bidirectional formatting characters are removed instead (`strip_bidi`): an override
(U+202E) makes `Tagihan \u202efdp.exe` display as `Tagihan exe.pdf`, and an unclosed
embedding or isolate reorders whatever a page prints after the text. Nobody notices them
missing: they are invisible.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI): they carry a
# state that runs on past the end of the text.
_BIDI_FORMATTING = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Marks (LRM, RLM, ALM) carry no state; Arabic-script prose uses them, a one-line name not.
_BIDI_MARKS = re.compile("[\u200e\u200f\u061c]")


def has_control_chars(value: Any) -> bool:
    """True if `value` (a string, or a list/dict of them) holds a forbidden control char."""
    if isinstance(value, str):
        return bool(_CONTROL.search(value))
    if isinstance(value, list | tuple):
        return any(has_control_chars(v) for v in value)
    if isinstance(value, dict):
        return any(has_control_chars(k) or has_control_chars(v) for k, v in value.items())
    return False


def strip_bidi(text: str, *, single_line: bool = True) -> str:
    """`text` without bidi embeddings, overrides and isolates (and marks, if single-line)."""
    text = _BIDI_FORMATTING.sub("", text)
    return _BIDI_MARKS.sub("", text) if single_line else text
