"""Engine-free types: what the rest of Aduan sees of a workflow.

Nothing here imports SpiffWorkflow, so services, views and jobs can use these types while
only `engine/` knows the library exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ValidationIssue:
    """One reason a process definition is refused, tied to the element that causes it."""

    element_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.element_id}: {self.message}" if self.element_id else self.message


@dataclass(frozen=True)
class Vocabulary:
    """The names a diagram may use and the instance data read back, handed in by the domain.

    The engine keeps no list of its own: the lint checks lanes and `status` properties
    against these, and every run returns only the `data_keys` of the instance data.
    """

    roles: tuple[str, ...]  # lane names; a lane's tasks go to the role it names
    task_statuses: tuple[str, ...]  # a human task's `status`: the case's status while it waits
    end_statuses: tuple[str, ...]  # an end event's `status`: where the case ends
    data_keys: tuple[str, ...]  # the instance data each run hands back (`RunResult.data`)
    # a human task's `reporter_notice`: what the reporter is told when the task is ready
    reporter_notices: tuple[str, ...] = ()


class DeployError(ValueError):
    """A process definition failed validation; nothing of it was executed or stored."""

    def __init__(self, issues: list[ValidationIssue]):
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


class EngineError(RuntimeError):
    """A deployed process failed while running (a script error, a time limit, a stall)."""


@dataclass(frozen=True)
class TaskView:
    """A ready human task, as the inbox and the form renderer need it."""

    task_id: str
    spec: str
    label: str
    lane: str
    form: str
    status: str
    escalation: int = 0
    instructions: str = ""
    reporter_notice: str = ""  # a notice kind told to the reporter when the task is ready


@dataclass(frozen=True)
class PendingTimer:
    """A timer the instance waits on; `due_at` is the engine's own due time (UTC)."""

    task_id: str
    spec: str
    due_at: datetime
    rule: str
    attached_to: str | None = None


@dataclass
class RunResult:
    """What one engine operation left behind, for the service to project into tables."""

    state: dict[str, Any]
    ready_tasks: list[TaskView]
    timers: list[PendingTimer]
    data: dict[str, Any]
    status: str | None
    completed: bool
    end_event: str | None = None
    fired_timers: list[str] = field(default_factory=list)
    completed_tasks: list[str] = field(default_factory=list)
