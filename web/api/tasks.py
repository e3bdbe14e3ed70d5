"""An officer's tasks: the inbox, one task with its form, and completing it.

A task outside the caller's scope answers 404 exactly like a missing one, so task ids
cannot be used to probe other units' work. Completion carries the case version the officer
saw: a stale version or a task someone else already completed answers 409.
"""

from __future__ import annotations

from typing import Any

from flask import request

from domain.cases import tasks
from domain.cases.categories import active_categories, get_category
from domain.cases.models import HumanTask
from domain.cases.queries import inbox
from domain.cases.shielded import masked_fields, sees_original, titles
from domain.enums import Lane, TaskState
from domain.errors import InvalidData, NotFound
from domain.org.scope import can_act_on_lane
from domain.processes.operations import form_of
from domain.sla.rules import RULES
from forms.render import category_fields
from web.api import bp
from web.api.cases import CaseView, state_json
from web.api.common import json_body, load, locale, officer
from web.api.labels import lane_label, rule_json
from web.api.schemas import (
    CompleteRequestSchema,
    TaskDetailSchema,
    TaskPageSchema,
    TaskQuerySchema,
)


def _task_json(task: HumanTask, case: Any) -> dict[str, Any]:
    """A task; `case` is its case as the caller may read it (citizen text masked or not)."""
    return {"id": task.id, "spec": task.spec, "label": task.label, "lane": task.lane,
            "lane_label": lane_label(task.lane), "form_key": task.form,
            "escalation": task.escalation, "due_at": task.due_at, "due_rule": task.due_rule,
            "created_at": task.created_at, "case": case}


def _with_categories(task: HumanTask, form: dict[str, Any]) -> dict[str, Any]:
    """The form as a client renders it: category fields list the table's active categories
    (and the case's own) as their enum, with labels, instead of a fixed list."""
    names = category_fields(task.form, form)
    if not names:
        return form
    options = [(c.code, {"id": c.name_id, "en": c.name_en}) for c in active_categories()]
    if task.case.category not in {code for code, _ in options}:
        own = get_category(task.case.category)
        options.append((task.case.category, {"id": own.name_id, "en": own.name_en} if own
                        else {"id": task.case.category, "en": task.case.category}))
    schema = {**form["schema"], "properties": dict(form["schema"]["properties"])}
    ui = {**form.get("ui", {}), "enum_labels": dict(form.get("ui", {}).get("enum_labels", {}))}
    for name in names:
        schema["properties"][name] = {**schema["properties"][name],
                                      "enum": [code for code, _ in options]}
        ui["enum_labels"][name] = dict(options)
    return {**form, "schema": schema, "ui": ui}


@bp.get("/tasks")
def task_list() -> dict[str, Any]:
    """My ready tasks, soonest deadline first (keyset pages via `cursor`)."""
    user = officer()
    query = load(TaskQuerySchema(), request.args)
    try:
        page = inbox(user, cursor=query["cursor"], limit=query["limit"], lane=query["lane"])
    except ValueError as exc:
        raise InvalidData("check_input", details={"cursor": ["unknown_cursor"]}) from exc
    shown = titles([task.case for task in page.items], user)
    items = [_task_json(task, CaseView(task.case, title=shown[task.case.id]))
             for task in page.items]
    return TaskPageSchema().dump({"items": items, "next_cursor": page.next_cursor})


@bp.get("/tasks/<task_id>")
def task_detail(task_id: str) -> dict[str, Any]:
    """One open or past task with its form and the case it belongs to (no identity)."""
    user = officer()
    task = tasks.get_task(task_id)
    if task.lane == Lane.REPORTER or not can_act_on_lane(user, task.lane, task.unit_id):
        raise NotFound("task_not_found")
    case = task.case if sees_original(user) else CaseView(task.case,
                                                              **masked_fields(task.case))
    body = _task_json(task, case)
    body.update(
        instructions=task.instructions,
        rule=rule_json(RULES.get(task.due_rule or ""), task.due_working_days),
        version=task.case.version,
        form=_with_categories(task, form_of(task.case.process_version_id, task.form)),
        state=task.state.value, ready=task.state == TaskState.READY,
    )
    return TaskDetailSchema().dump(body)


@bp.post("/tasks/<task_id>/complete")
def complete_task(task_id: str) -> dict[str, Any]:
    """Complete a ready task with its form's data and the case version the officer saw."""
    user = officer()
    body = load(CompleteRequestSchema(), json_body())
    case = tasks.complete_task(task_id, body["data"], actor=user,
                               expected_version=body["version"], locale=locale())
    return state_json(case)
