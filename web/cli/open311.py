"""`flask open311 keys`: issue, revoke and list the API keys of Open311 clients."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from domain.db import db
from domain.errors import DomainError
from domain.open311.keys import all_keys, issue_key, revoke_key
from web.cli._common import error_text, fail

group = AppGroup("open311", help="Open311 GeoReport v2: API keys of civic clients.")
keys_group = AppGroup("keys", help="One API key per client.")
group.add_command(keys_group)


@keys_group.command("add")
@click.argument("name")
def add(name: str) -> None:
    """Issue a key for client NAME; the key is the last word printed (shown only once)."""
    try:
        issued = issue_key(name)
    except DomainError as exc:
        fail(error_text(exc), 2)
    db.session.commit()
    click.echo(f"Open311 client {issued.key.name}: key (keep it secret, shown once): "
               f"{issued.secret}")


@keys_group.command("revoke")
@click.argument("name")
def revoke(name: str) -> None:
    """Revoke the key of client NAME: its requests are refused from now on."""
    try:
        row = revoke_key(name)
    except DomainError as exc:
        fail(error_text(exc), 2)
    db.session.commit()
    click.echo(f"revoked {row.name}")


@keys_group.command("list")
def list_keys() -> None:
    """Every client with the date its key was issued and, if so, revoked."""
    for row in all_keys():
        revoked = f"  revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else ""
        click.echo(f"{row.name}  issued {row.created_at:%Y-%m-%d}{revoked}")


COMMANDS = (group,)
