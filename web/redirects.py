"""Where a redirect chosen by the request (`?next=`) may go: a path on this site, nothing else.

The check runs on the target as a browser will read it, not as it arrived: browsers drop
tab, CR and LF anywhere in a URL, strip leading and trailing C0 controls and spaces, and
read a backslash as a slash. So `/<TAB>/evil.example` becomes `//evil.example`, a
scheme-relative URL to another host, and so does a slash followed by a backslash.
"""

from __future__ import annotations

from urllib.parse import urlsplit

_REMOVED_ANYWHERE = str.maketrans("", "", "\t\n\r")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def local_path(target: str | None) -> str | None:
    """`target` normalised as a browser would, if it is a same-origin path; else None."""
    if not target:
        return None
    cleaned = target.translate(_REMOVED_ANYWHERE).strip(_C0_AND_SPACE)
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in cleaned) or "\\" in cleaned:
        return None
    if not cleaned.startswith("/") or cleaned.startswith("//"):
        return None
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return None
    return cleaned
