"""Aduan's workflow engine adapter: the only package that imports SpiffWorkflow.

The rest of the system sees plain data: a compiled definition (`compile_process`), and per
instance a `RunResult` of ready tasks, pending timers, status and a spec-less state dict.
It keeps no vocabulary of its own: lane roles, statuses and the data keys it hands back
arrive as a `Vocabulary` argument (the domain's, `domain/processes/vocabulary.py`).
"""

from engine.definitions import CompiledProcess, compile_process, content_hash
from engine.reschedule import move_timers
from engine.runtime import complete, fire_timers, ready_task_data, start
from engine.types import (
    DeployError,
    EngineError,
    PendingTimer,
    RunResult,
    TaskView,
    ValidationIssue,
    Vocabulary,
)

__all__ = [
    "CompiledProcess",
    "DeployError",
    "EngineError",
    "PendingTimer",
    "RunResult",
    "TaskView",
    "ValidationIssue",
    "Vocabulary",
    "compile_process",
    "complete",
    "content_hash",
    "fire_timers",
    "move_timers",
    "ready_task_data",
    "start",
]

import logging as _logging

# SpiffWorkflow logs every task state change at INFO; that is engine noise, not our log.
_logging.getLogger("spiff").setLevel(_logging.WARNING)
