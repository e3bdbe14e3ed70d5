"""`flask tasks`: list a user's ready tasks and complete one with form data."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

import engine
from domain.cases.queries import inbox
from domain.cases.tasks import complete_task
from domain.db import db
from domain.errors import DomainError
from web.cli._common import error_text, fail, read_json, user_named

group = AppGroup("tasks", help="List and complete human tasks.")


@group.command("list")
@click.option("--user", "username", required=True)
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", default=100)
def list_tasks(username: str, as_json: bool, limit: int) -> None:
    """The user's ready tasks, soonest deadline first."""
    page = inbox(user_named(username), limit=limit)
    rows = [
        {
            "id": t.id,
            "task": t.spec,
            "label": t.label,
            "lane": t.lane,
            "form": t.form,
            "case": t.case.tracking_id,
            "case_version": t.case.version,
            "status": t.status,
            "escalation": t.escalation,
            "due_at": t.due_at.isoformat() if t.due_at else None,
            "rule": t.due_rule,
        }
        for t in page.items
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['case']}  {row['task']:<24} due {row['due_at']}")


@group.command("complete")
@click.argument("task_id")
@click.option("--user", "username", required=True)
@click.option("--data", "data_json", required=True, help="JSON object (or a file, or -).")
@click.option(
    "--version",
    "expected_version",
    type=int,
    default=None,
    help="The case version you saw; a stale one is refused.",
)
def complete(task_id: str, username: str, data_json: str, expected_version: int | None) -> None:
    """Complete a task with form data."""
    try:
        case = complete_task(
            task_id,
            read_json(data_json),
            actor=user_named(username),
            expected_version=expected_version,
        )
    except DomainError as exc:
        fail(error_text(exc), 2)
    except engine.EngineError as exc:
        fail(str(exc), 3)
    db.session.commit()
    click.echo(f"{case.tracking_id} {case.status.value} version {case.version}")


COMMANDS = (group,)
