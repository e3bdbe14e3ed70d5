"""`flask webhooks`: the outbound webhooks of connected agency systems."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from domain.db import db
from domain.errors import DomainError
from domain.integrations.webhooks import add_webhook, all_webhooks, remove_webhook
from web.cli._common import error_text, fail

group = AppGroup("webhooks", help="Signed status-change webhooks per agency.")


@group.command("add")
@click.argument("agency")
@click.argument("url")
def add(agency: str, url: str) -> None:
    """POST every status change of AGENCY's cases to URL; the signing secret is printed last."""
    try:
        added = add_webhook(agency, url, app_secret=current_app.config["SECRET_KEY"])
    except DomainError as exc:
        fail(error_text(exc), 2)
    db.session.commit()
    click.echo(f"webhook {added.webhook.id} for {agency}: {added.webhook.url}")
    click.echo(f"Signing secret (HMAC-SHA256, shown once): {added.secret}")


@group.command("remove")
@click.argument("webhook_id", type=int)
def remove(webhook_id: int) -> None:
    """Stop deliveries to webhook WEBHOOK_ID."""
    try:
        row = remove_webhook(webhook_id)
    except DomainError as exc:
        fail(error_text(exc), 2)
    db.session.commit()
    click.echo(f"removed webhook {row.id}")


@group.command("list")
def list_hooks() -> None:
    for row, agency in all_webhooks():
        state = "active" if row.active else "removed"
        click.echo(f"{row.id}  {agency}  {state}  {row.url}")


COMMANDS = (group,)
