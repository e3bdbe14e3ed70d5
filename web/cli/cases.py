"""`flask cases`: file a case from JSON, as the CLI channel."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup
from marshmallow import ValidationError

from domain.cases.intake import submit_case
from domain.cases.schemas import load_intake
from domain.cases.tracking import display_tracking_id
from domain.clock import clock
from domain.db import db
from domain.enums import Channel
from domain.errors import DomainError
from jobs.retention import pseudonymise_due
from web.cli._common import error_text, fail, parse_time, read_json

group = AppGroup("cases", help="File and inspect cases.")


@group.command("submit")
@click.option("--json", "json_file", required=True, help="A JSON file (or - for stdin).")
def submit(json_file: str) -> None:
    """File a case; the tracking ID is the last word printed."""
    try:
        intake = load_intake(read_json(json_file), Channel.CLI)
        receipt = submit_case(intake)
    except ValidationError as exc:
        fail(f"invalid case: {json.dumps(exc.messages, ensure_ascii=False)}", 2)
    except DomainError as exc:
        fail(error_text(exc), 2)
    db.session.commit()
    if receipt.repeated:
        click.echo("The same report from the same contact came minutes ago: no new case, "
                   "no reporter key.")
    else:
        click.echo(f"Reporter key (keep it secret): {receipt.reporter_key}")
    click.echo(f"Status: {receipt.case.status.value}")
    click.echo(f"Tracking ID ({display_tracking_id(receipt.tracking_id)}): {receipt.tracking_id}")


@group.command("pseudonymise")
@click.option("--as-of", "as_of", default=None, help="ISO time to apply the period as of.")
def pseudonymise(as_of: str | None) -> None:
    """Pseudonymise reporters of cases closed more than ADUAN_RETENTION_DAYS ago (idempotent)."""
    settings = current_app.config["ADUAN"]
    done = pseudonymise_due(settings, parse_time(as_of) if as_of else clock.now())
    click.echo(f"pseudonymised {done} reporter(s); retention {settings.retention_days} days")


COMMANDS = (group,)
