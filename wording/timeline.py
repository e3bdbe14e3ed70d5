"""A case's history step in one sentence, the same on the tracking page and in the API.

The page adds what only a page can (the diagram's English task name, quoted texts); the
sentence itself is this one, so a reporter reading the page and an app reading the API see the
same words.
"""

from __future__ import annotations

from flask_babel import gettext as _

from domain.cases.history import Step
from wording import labels


def who(step: Step) -> str:
    """The lane that acts, with the officer's name when the step has one."""
    lane = labels.lane(step.lane)
    if step.owner:
        return f"{lane}, {step.owner}" if lane else step.owner
    return lane


def what(step: Step, task: str | None = None) -> str:
    """The step's sentence; `task` overrides the step's task name (e.g. its English name)."""
    task = task if task is not None else (step.task_label or "")
    if step.kind == "case_submitted":
        return _("Laporan diterima")
    if step.kind == "task_assigned":
        return _("Menunggu %(who)s: %(task)s", who=who(step), task=task)
    if step.kind == "task_completed":
        if step.decision:
            return labels.decision(step.decision)
        if step.by_reporter:
            return _("Pelapor melengkapi laporan")
        return _("%(task)s selesai", task=task)
    if step.kind == "status_changed":
        return _("Status: %(status)s", status=labels.status(step.status))
    if step.kind == "timer_fired":
        return _("Batas waktu terlewati")
    return labels.event(step.kind)
