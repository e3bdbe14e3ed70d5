"""`flask timers`: fire due deadline timers by hand (the scheduler does it continuously)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from web.cli._common import parse_time

group = AppGroup("timers", help="Fire due deadline timers.")


@group.command("sweep")
@click.option("--as-of", "as_of", default=None, help="ISO time to fire timers as of (default now).")
def sweep(as_of: str | None) -> None:
    """Fire every timer due by then, each in its own transaction."""
    from jobs.timers import sweep_due

    moment = parse_time(as_of)
    fired = sweep_due(moment)
    click.echo(f"fired {fired} timer(s) as of {moment.isoformat()}")


COMMANDS = (group,)
