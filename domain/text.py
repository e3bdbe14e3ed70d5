"""Free-text rules, re-exported for the domain: the rule itself lives in `forms.text`.

Forms sit below the domain (they must not import it), so the helper both use is kept there.
"""

from __future__ import annotations

from forms.text import has_control_chars, strip_bidi

__all__ = ["has_control_chars", "strip_bidi"]
