"""`flask audit`: check the tamper-evident audit chain."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from domain.audit.operations import verify_chain, verify_heads

group = AppGroup("audit", help="The tamper-evident audit chain.")


@group.command("verify")
def verify() -> None:
    """Recompute every hash and compare each case's head; name every broken chain."""
    broken = verify_chain() + verify_heads()
    if broken:
        for link in broken:
            click.echo(f"BROKEN {link.chain} seq {link.seq} (event {link.event_id}): {link.reason}")
        sys.exit(1)
    click.echo("audit chain intact")


COMMANDS = (group,)
