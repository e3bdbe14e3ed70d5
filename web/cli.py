"""Flask CLI: drive everything without the web. Each command is a transaction boundary."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from marshmallow import ValidationError

import engine
from domain.audit.operations import verify_chain
from domain.cases.intake import submit_case
from domain.cases.queries import inbox
from domain.cases.schemas import load_intake
from domain.cases.tasks import complete_task
from domain.cases.tracking import display_tracking_id
from domain.db import db
from domain.enums import Channel
from domain.errors import DomainError
from domain.org.operations import find_user
from domain.processes import operations as processes
from forms.registry import shipped_forms
from web.demo import load_demo


def _fail(message: str, code: int = 1) -> None:
    db.session.rollback()
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _user(username: str) -> Any:
    user = find_user(username)
    if user is None:
        _fail(f"no user named {username!r}")
    return user


def _read_json(text_or_path: str) -> Any:
    raw = (
        sys.stdin.read()
        if text_or_path == "-"
        else (
            Path(text_or_path).read_text(encoding="utf-8")
            if Path(text_or_path).is_file()
            else text_or_path
        )
    )
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        _fail(f"not valid JSON: {exc}")


def _parse_time(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        _fail(f"not an ISO time: {value!r} (e.g. 2026-12-01T09:00:00+07:00)")
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def register_cli(app: Flask) -> None:
    @app.cli.command("demo")
    def demo() -> None:
        """Load demo agencies, units, users, the default process and a few cases."""
        summary = load_demo(current_app.config["ADUAN"].demo_password)
        db.session.commit()
        click.echo(summary)

    processes_group = click.Group("processes", help="Deploy and list process versions.")
    app.cli.add_command(processes_group)

    @processes_group.command("deploy")
    @click.argument("bpmn_file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--key", default=None, help="Process key (default: the file's stem).")
    @click.option(
        "--dmn",
        "dmn_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help="DMN files (default: the shipped routing table).",
    )
    @click.option(
        "--forms",
        "forms_dir",
        type=click.Path(exists=True, file_okay=False),
        help="Directory of form JSON files added to the shipped ones.",
    )
    @click.option("--user", "username", default=None)
    def deploy(
        bpmn_file: str,
        key: str | None,
        dmn_files: tuple[str, ...],
        forms_dir: str | None,
        username: str | None,
    ) -> None:
        """Validate and deploy a BPMN file; prints the new version."""
        path = Path(bpmn_file)
        dmn_paths = [Path(p) for p in dmn_files] or sorted(processes.BPMN_DIR.glob("*.dmn"))
        forms = shipped_forms()
        if forms_dir:
            for form_path in sorted(Path(forms_dir).glob("*.json")):
                forms[form_path.stem] = _read_json(str(form_path))
        actor = _user(username) if username else None
        try:
            result = processes.deploy(
                key or path.stem,
                path.read_text(encoding="utf-8"),
                [p.read_text(encoding="utf-8") for p in dmn_paths],
                forms,
                actor=actor,
            )
        except engine.DeployError as exc:
            db.session.rollback()
            for issue in exc.issues:
                click.echo(f"invalid: {issue}", err=True)
            sys.exit(2)
        except UnicodeDecodeError:
            _fail("the file is not UTF-8 text", 2)
        db.session.commit()
        version = result.version
        state = "deployed" if result.created else "already deployed"
        click.echo(f"{state}: {version.model.key} version {version.number} ({version.sha256[:12]})")

    cases_group = click.Group("cases", help="File and inspect cases.")
    app.cli.add_command(cases_group)

    @cases_group.command("submit")
    @click.option("--json", "json_file", required=True, help="A JSON file (or - for stdin).")
    def submit(json_file: str) -> None:
        """File a case; the tracking ID is the last word printed."""
        try:
            intake = load_intake(_read_json(json_file), Channel.CLI)
            receipt = submit_case(intake)
        except ValidationError as exc:
            _fail(f"invalid case: {json.dumps(exc.messages, ensure_ascii=False)}", 2)
        except DomainError as exc:
            _fail(exc.message, 2)
        db.session.commit()
        click.echo(f"Reporter key (keep it secret): {receipt.reporter_key}")
        click.echo(f"Status: {receipt.case.status.value}")
        click.echo(
            f"Tracking ID ({display_tracking_id(receipt.tracking_id)}): {receipt.tracking_id}"
        )

    tasks_group = click.Group("tasks", help="List and complete human tasks.")
    app.cli.add_command(tasks_group)

    @tasks_group.command("list")
    @click.option("--user", "username", required=True)
    @click.option("--json", "as_json", is_flag=True)
    @click.option("--limit", default=100)
    def list_tasks(username: str, as_json: bool, limit: int) -> None:
        """The user's ready tasks, soonest deadline first."""
        page = inbox(_user(username), limit=limit)
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

    @tasks_group.command("complete")
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
                _read_json(data_json),
                actor=_user(username),
                expected_version=expected_version,
            )
        except DomainError as exc:
            details = f" {json.dumps(exc.details, ensure_ascii=False)}" if exc.details else ""
            _fail(f"{exc.message}{details}", 2)
        except engine.EngineError as exc:
            _fail(str(exc), 3)
        db.session.commit()
        click.echo(f"{case.tracking_id} {case.status.value} version {case.version}")

    timers_group = click.Group("timers", help="Fire due deadline timers.")
    app.cli.add_command(timers_group)

    @timers_group.command("sweep")
    @click.option(
        "--as-of", "as_of", default=None, help="ISO time to fire timers as of (default now)."
    )
    def sweep(as_of: str | None) -> None:
        """Fire every timer due by then, each in its own transaction."""
        from jobs.timers import sweep_due

        moment = _parse_time(as_of)
        fired = sweep_due(moment)
        click.echo(f"fired {fired} timer(s) as of {moment.isoformat()}")

    audit_group = click.Group("audit", help="The tamper-evident audit chain.")
    app.cli.add_command(audit_group)

    @audit_group.command("verify")
    def verify() -> None:
        """Recompute every hash; name the first broken row of each chain."""
        broken = verify_chain()
        if broken:
            for link in broken:
                click.echo(
                    f"BROKEN {link.chain} seq {link.seq} (event {link.event_id}): {link.reason}"
                )
            sys.exit(1)
        click.echo("audit chain intact")
