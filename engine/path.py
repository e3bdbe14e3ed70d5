"""The path an instance took: its completed BPMN elements in the order they ran.

The studio's scenarios show it next to pass/fail, and their coverage test asks which
elements of a diagram some scenario reached. Read off the task tree (parents before
children, siblings in creation order), so it needs no clock and no extra bookkeeping.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from SpiffWorkflow.util.task import TaskState

from engine.runtime import _restore


def completed_path(spec: Mapping[str, Any], state: Mapping[str, Any],
                   meta: Mapping[str, Any]) -> list[str]:
    """Ids of the diagram's elements (those in `meta`) the instance completed, in order;
    an element run twice (a loop) appears twice."""
    workflow = _restore(spec, state)
    path: list[str] = []
    stack = [workflow.task_tree]
    while stack:
        task = stack.pop()
        bpmn_id = task.task_spec.bpmn_id
        if task.state == TaskState.COMPLETED and bpmn_id in meta:
            path.append(bpmn_id)
        stack.extend(reversed(task.children))
    return path
