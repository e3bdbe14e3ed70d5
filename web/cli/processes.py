"""`flask processes`: deploy process versions from BPMN files."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

import engine
from domain.db import db
from domain.processes import operations as processes
from web.cli._common import fail, read_json, user_named

group = AppGroup("processes", help="Deploy and list process versions.")


@group.command("deploy")
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
    # The shipped forms the diagram names (as `deploy-shipped` bundles them, so the same
    # file deploys the same content), plus every form of --forms.
    forms = processes.shipped_forms_of(path.read_text(encoding="utf-8"))
    if forms_dir:
        for form_path in sorted(Path(forms_dir).glob("*.json")):
            forms[form_path.stem] = read_json(str(form_path))
    actor = user_named(username) if username else None
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
        fail("the file is not UTF-8 text", 2)
    db.session.commit()
    version = result.version
    state = "deployed" if result.created else "already deployed"
    click.echo(f"{state}: {version.model.key} version {version.number} ({version.sha256[:12]})")


@group.command("deploy-shipped")
@click.option("--user", "username", default=None)
def deploy_shipped(username: str | None) -> None:
    """Deploy every shipped lifecycle (complaint, aspiration, information request) with its
    forms and scenarios; content already deployed is left as it is."""
    actor = user_named(username) if username else None
    for kind in processes.SHIPPED:
        try:
            result = processes.deploy_shipped_kind(kind, actor)
        except engine.DeployError as exc:
            db.session.rollback()
            for issue in exc.issues:
                click.echo(f"invalid: {issue}", err=True)
            sys.exit(2)
        version = result.version
        state = "deployed" if result.created else "already deployed"
        click.echo(f"{state}: {version.model.key} version {version.number} "
                   f"({version.sha256[:12]})")
    db.session.commit()


COMMANDS = (group,)
