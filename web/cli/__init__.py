"""Flask CLI: drive everything without the web. Each command is a transaction boundary.

One module per command group; each exposes ``COMMANDS``, and `register_cli` adds them all,
so a new group is a new module plus one line in ``GROUPS``.
"""

from __future__ import annotations

from flask import Flask

from web.cli import (
    audit,
    calendar,
    cases,
    channels,
    demo,
    open311,
    org,
    processes,
    regions,
    stats,
    tasks,
    timers,
    users,
    webhooks,
    worker,
)

GROUPS = (demo, regions, org, users, processes, cases, tasks, timers, audit, calendar, open311,
          webhooks, worker, channels, stats)


def register_cli(app: Flask) -> None:
    """Add every group's commands to ``app.cli`` (`flask demo`, `flask cases submit`, ...)."""
    for module in GROUPS:
        for command in module.COMMANDS:
            app.cli.add_command(command)
