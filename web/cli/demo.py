"""`flask demo`: demo agencies, units, users, the default process and a few cases."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from domain.db import db
from web.demo import load_demo


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Load demo agencies, units, users, the default process and a few cases."""
    summary = load_demo(current_app.config["ADUAN"].demo_password)
    db.session.commit()
    click.echo(summary)


COMMANDS = (demo,)
