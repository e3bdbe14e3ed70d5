"""The plain-words diff in sentences (Indonesian msgids, English in the catalogue).

`domain.processes.plain_diff` says what changed (codes and names); this says it in words,
one catalogue entry per kind of fact, numbers in working days through `ngettext`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from domain.processes.plain_diff import Statement
from wording import labels


def _condition(value: Any) -> str:
    if value is None:
        return _("tanpa syarat")
    if value == "default":
        return _("cabang bawaan")
    return str(value)


def _days_changed(s: Statement) -> str:
    p = s.params
    if s.code == "deadline_shortened":
        return ngettext("Batas waktu “%(task)s” dipersingkat dari %(old)d "
                        "menjadi %(num)d hari kerja.",
                        "Batas waktu “%(task)s” dipersingkat dari %(old)d "
                        "menjadi %(num)d hari kerja.",
                        p["new"], task=p["task"], old=p["old"])
    if s.code == "deadline_lengthened":
        return ngettext("Batas waktu “%(task)s” diperpanjang dari %(old)d "
                        "menjadi %(num)d hari kerja.",
                        "Batas waktu “%(task)s” diperpanjang dari %(old)d "
                        "menjadi %(num)d hari kerja.",
                        p["new"], task=p["task"], old=p["old"])
    return _("Rumus batas waktu “%(task)s” diubah.", task=p["task"])


def _deadline_added(s: Statement) -> str:
    p = s.params
    if p.get("days") is None:
        return _("Batas waktu baru untuk “%(task)s”.", task=p["task"])
    return ngettext("Batas waktu baru untuk “%(task)s”: %(num)d hari kerja.",
                    "Batas waktu baru untuk “%(task)s”: %(num)d hari kerja.", p["days"],
                    task=p["task"])


def _step_added(s: Statement) -> str:
    p = s.params
    lane = labels.lane(p.get("lane"))
    if p.get("after"):
        after = ", ".join(f"“{name}”" for name in p["after"])
        return _("Langkah “%(task)s” oleh %(lane)s ditambahkan setelah %(after)s.",
                 task=p["task"], lane=lane, after=after)
    return _("Langkah “%(task)s” oleh %(lane)s ditambahkan.", task=p["task"], lane=lane)


_SENTENCES: dict[str, Callable[[Statement], str]] = {
    "deadline_shortened": _days_changed,
    "deadline_lengthened": _days_changed,
    "deadline_expression_changed": _days_changed,
    "deadline_added": _deadline_added,
    "deadline_removed": lambda s: _("Batas waktu “%(task)s” dihapus.", task=s.params["task"]),
    "step_added": _step_added,
    "step_removed": lambda s: _("Langkah “%(task)s” oleh %(lane)s dihapus.",
                                task=s.params["task"], lane=labels.lane(s.params.get("lane"))),
    "step_reassigned": lambda s: _(
        "Langkah “%(task)s” kini dikerjakan oleh %(new)s, bukan %(old)s.",
        task=s.params["task"], new=labels.lane(s.params.get("new")),
        old=labels.lane(s.params.get("old"))),
    "condition_changed": lambda s: _(
        "Syarat cabang “%(branch)s” pada keputusan “%(decision)s” berubah: %(old)s → %(new)s.",
        branch=s.params["branch"], decision=s.params["decision"],
        old=_condition(s.params["old"]), new=_condition(s.params["new"])),
    "branch_redirected": lambda s: _(
        "Cabang “%(branch)s” pada keputusan “%(decision)s” kini menuju “%(new)s”, "
        "bukan “%(old)s”.", branch=s.params["branch"], decision=s.params["decision"],
        new=s.params["new"], old=s.params["old"]),
    "branch_added": lambda s: _(
        "Cabang baru “%(branch)s” pada keputusan “%(decision)s” menuju “%(target)s”.",
        branch=s.params["branch"], decision=s.params["decision"], target=s.params["target"]),
    "branch_removed": lambda s: _(
        "Cabang “%(branch)s” pada keputusan “%(decision)s” dihapus.",
        branch=s.params["branch"], decision=s.params["decision"]),
}


def sentence(statement: Statement) -> str:
    """One fact in the current locale; an unknown code reads as itself, never vanishes."""
    words = _SENTENCES.get(statement.code)
    return words(statement) if words else f"{statement.code}: {statement.element_id}"


def codes() -> frozenset[str]:
    """The codes this module words (a test checks the domain produces no other)."""
    return frozenset(_SENTENCES)


def worded(statements: list[Statement]) -> list[dict[str, str]]:
    """What a page lists: each fact's code, element and sentence."""
    return [{"code": s.code, "element_id": s.element_id, "text": sentence(s)}
            for s in statements]
