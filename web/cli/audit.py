"""`flask audit`: check the tamper-evident audit log, write and export its checkpoints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from domain.audit import app_role
from domain.audit import log as audit_log
from domain.audit.operations import verify_chain, verify_heads
from domain.audit.signing import load_private_key
from domain.clock import clock
from domain.db import db
from jobs.audit import checkpoint as write_checkpoint
from reports.verification import check_file
from wording import labels

group = AppGroup("audit", help="The tamper-evident audit log.")


def _signing_key() -> str | None:
    return current_app.config["ADUAN"].audit_signing_key


@group.command("verify")
@click.option("--checkpoint", "checkpoint_file", type=click.Path(exists=True, dir_okay=False),
              help="Also check an exported checkpoint (JSON) kept outside the database.")
def verify(checkpoint_file: str | None) -> None:
    """Check the chains, each case's head, the Merkle log and every checkpoint."""
    problems = [
        f"BROKEN {link.chain} seq {link.seq} (event {link.event_id}): {link.reason}"
        for link in verify_chain() + verify_heads()
    ]
    key = _signing_key()
    public = load_private_key(key).public_key() if key else None
    problems.extend(str(p) for p in audit_log.verify_log(public))
    if checkpoint_file:
        exported = audit_log.load_exported(Path(checkpoint_file).read_text(encoding="utf-8"))
        if not exported:
            problems.append(f"BROKEN {checkpoint_file}: holds no checkpoint")
        for data in exported:
            what = f"exported checkpoint of {data.get('tree_size')} events ({checkpoint_file})"
            problems.extend(str(p) for p in audit_log.verify_checkpoint(data, public, what))
    if problems:
        for line in problems:
            click.echo(line)
        sys.exit(1)
    click.echo("audit chain intact")


@group.command("checkpoint")
def checkpoint() -> None:
    """Add every new event to the Merkle log and sign the tree now."""
    key = _signing_key()
    if not key:
        click.echo("ADUAN_AUDIT_SIGNING_KEY is not set: no checkpoint written", err=True)
        sys.exit(2)
    row = write_checkpoint(key, clock.now())
    click.echo(f"checkpoint: {row.tree_size} events, root {row.root_hash}")


@group.command("checkpoints")
@click.option("--json", "as_json", is_flag=True, help="Every checkpoint as JSON, to keep outside.")
def checkpoints(as_json: bool) -> None:
    """List the signed checkpoints."""
    rows = audit_log.all_exported()
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['created_at']}  {row['tree_size']:>8}  {row['root_hash']}")


@group.command("prove")
@click.option("--checkpoint", "checkpoint_file", type=click.Path(exists=True, dir_okay=False),
              help="An exported checkpoint: prove the latest one only appended to it.")
@click.option("--event", "event_id", type=int,
              help="An event id: prove it is in the first signed checkpoint covering it.")
def prove(checkpoint_file: str | None, event_id: int | None) -> None:
    """RFC 9162 proofs (JSON): consistency from an exported checkpoint to the latest, or
    inclusion of one event in a signed checkpoint."""
    if (checkpoint_file is None) == (event_id is None):
        click.echo("give either --checkpoint FILE or --event ID", err=True)
        sys.exit(2)
    if event_id is not None:
        leaf = audit_log.leaf_of(event_id)
        covering = audit_log.checkpoint_covering(leaf.position) if leaf else None
        if covering is None:
            click.echo(f"no proof: event {event_id} is in no signed checkpoint yet", err=True)
            sys.exit(2)
        proof = audit_log.inclusion(leaf.position, covering) | {
            "event_id": event_id, "checkpoint": audit_log.exported(covering)}
        click.echo(json.dumps(proof, indent=2))
        sys.exit(0 if proof["valid"] else 1)
    exported = audit_log.load_exported(Path(checkpoint_file).read_text(encoding="utf-8"))
    try:
        proof = audit_log.consistency(int(exported[-1]["tree_size"]))
    except (IndexError, KeyError, TypeError, ValueError) as exc:
        click.echo(f"no proof: {exc}", err=True)
        sys.exit(2)
    click.echo(json.dumps(proof, indent=2))


@group.command("grant-app-role")
@click.argument("role")
def grant_app_role(role: str) -> None:
    """Grant the app's database role what it needs, audit tables append-only (PostgreSQL)."""
    try:
        statements = app_role.grant_app_role(role)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    db.session.commit()
    click.echo(f"{role}: {len(statements)} grants applied; "
               f"{', '.join(app_role.APPEND_ONLY)} append-only")


@group.command("verify-casefile")
@click.argument("pdf_file", type=click.Path(exists=True, dir_okay=False))
def verify_casefile(pdf_file: str) -> None:
    """Check a case file or letter offline: signature, hash known, head consistent with the log."""
    result = check_file(Path(pdf_file).read_bytes(), current_app.config["ADUAN"])
    sig, doc = result.signature, result.document
    click.echo(f"sha256: {result.sha256}")
    click.echo(f"signature: {'valid, ' + sig.signer if sig.ok else 'NOT VALID'}")
    if doc.letter is not None:
        click.echo(f"document: {doc.letter.number} ({doc.letter.kind}), "
                   f"issued {doc.letter.created_at.isoformat()}")
    head = doc.head
    if head is not None:
        click.echo(f"chain head: {head.hash} (event #{head.seq})")
        cp = head.checkpoint
        click.echo(f"checkpoint: {cp.tree_size} events, root {cp.root_hash}, leaf "
                   f"{head.leaf_index}" if cp else "checkpoint: none yet")
    if result.problems:
        with force_locale("en"):
            for code in result.problems:
                click.echo(f"BROKEN {pdf_file}: {code}: {labels.verify_problem(code)}")
        sys.exit(1)
    click.echo("case file verified" if head else "document verified")


COMMANDS = (group,)
