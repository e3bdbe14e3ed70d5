"""`flask users`: an account's password and its deactivation, scripted."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from domain.audit.actors import CLI
from domain.db import db
from domain.errors import InvalidData
from domain.org.operations import disable_user, set_password
from web.cli._common import error_text, fail, user_named

group = AppGroup("users", help="Officer accounts: set a password, disable.")


@group.command("set-password")
@click.argument("username")
def set_password_(username: str) -> None:
    """Read USERNAME's new password from standard input (its first line); sessions end."""
    user = user_named(username)
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        set_password(user, password, actor=CLI)
    except InvalidData as exc:
        fail(error_text(exc))
    db.session.commit()
    click.echo(f"password of {username} set")


@group.command("disable")
@click.argument("username")
def disable(username: str) -> None:
    """Deactivate USERNAME: no login, every session ends."""
    changed = disable_user(user_named(username), actor=CLI)
    db.session.commit()
    click.echo(f"{username} disabled" if changed else f"{username} was already disabled")


COMMANDS = (group,)
