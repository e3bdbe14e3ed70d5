"""A scenario's failures in words (Indonesian msgids, English in the catalogue).

`domain.processes.scenarios` reports what failed as a code and values; an unknown code
reads as itself, so a new kind of failure shows rather than vanishing.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _


def _shown(value: Any) -> str:
    return _("(tidak ada)") if value is None or value == [] else str(value)


def failure(row: dict[str, Any]) -> str:
    """One failure of a scenario row (`draft_scenarios.as_rows`)."""
    code = row.get("code")
    if code == "task_not_waiting":
        return _("Langkah %(step)s: tugas “%(task)s” tidak sedang menunggu (yang menunggu: "
                 "%(waiting)s).", step=row["step"], task=row["task"],
                 waiting=_shown(", ".join(row["waiting"])) if row["waiting"] else _shown(None))
    if code == "form_invalid":
        return _("Langkah %(step)s: data untuk “%(task)s” tidak lolos formulirnya (%(fields)s).",
                 step=row["step"], task=row["task"], fields=", ".join(row["fields"]))
    if code == "expected":
        return _("Diharapkan %(what)s = %(expected)s, ternyata %(actual)s.", what=row["what"],
                 expected=_shown(row["expected"]), actual=_shown(row["actual"]))
    if code == "too_many_timers":
        return _("Lebih dari %(limit)s tenggat berjalan dalam satu skenario; periksa pewaktu "
                 "yang langsung berulang.", limit=row["limit"])
    if code == "engine_error":
        return _("Proses gagal: %(message)s", message=row["message"])
    return str(code)


def worded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with each failure as a sentence, for the page and the modeler's JSON."""
    return [{**row, "failures": [failure(f) for f in row["failures"]]} for row in rows]
