"""The replay of finished cases against a draft, in words (Indonesian msgids, English in the
catalogue). Facts come from `domain.processes.replay`; dates read as the deadline preview's
("Sel 8 Des 2026"); a failure reads as a scenario's, since both runners fail the same ways.
"""

from __future__ import annotations

from flask_babel import gettext as _

from domain.processes.replay import DeadlineMove, ReplayRow
from wording import scenarios as scenario_words
from wording.preview import day


def outcome(row: ReplayRow) -> str:
    """One word for the case's verdict."""
    return {
        "same": _("sama"),
        "deadline": _("tenggat bergeser"),
        "path": _("jalur berbeda"),
        "not_replayable": _("tidak dapat diputar ulang"),
    }.get(row.outcome, row.outcome)


def _move(move: DeadlineMove) -> str:
    if move.old_due is None:
        return _("“%(task)s”: tenggat baru %(new_due)s", task=move.label,
                 new_due=day(move.new_due))
    if move.new_due is None:
        return _("“%(task)s”: tenggat %(old_due)s tidak ada lagi", task=move.label,
                 old_due=day(move.old_due))
    return _("“%(task)s”: tenggat %(old_due)s → %(new_due)s", task=move.label,
             old_due=day(move.old_due), new_due=day(move.new_due))


def _failure(row: ReplayRow) -> str | None:
    if row.failure is None:
        return None
    code, values = row.failure
    if code == "baseline_open":
        return _("Keputusan yang tercatat tidak mengakhiri kasus pada versinya sendiri "
                 "(misalnya kasus sempat ditunda atau dipindahkan antarversi).")
    sentence = scenario_words.failure({"code": code, **values})
    if row.outcome == "not_replayable":
        return _("Pada versinya sendiri: %(why)s", why=sentence)
    return sentence


def details(row: ReplayRow) -> list[str]:
    """The sentences under a case: why its path differs or cannot be replayed, then each
    deadline that moves; the paths themselves are shown apart, as element ids."""
    found = [text] if (text := _failure(row)) else []
    if row.outcome == "path" and not row.failure:
        found.append(_("Draf berakhir di %(new)s, kasus ini berakhir di %(old)s.",
                       new=row.new_end or "-", old=row.old_end or "-")
                     if row.new_end != row.old_end else _("Draf melewati langkah lain."))
    return found + [_move(m) for m in row.moves]
