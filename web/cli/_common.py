"""What every command shares: failing with an exit code, finding a user, reading JSON, times."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import click
from flask_babel import force_locale

from domain.db import db
from domain.errors import DomainError
from domain.org.operations import find_user


def fail(message: str, code: int = 1) -> NoReturn:
    """Roll back, print ``error: message`` on stderr and exit with ``code``."""
    db.session.rollback()
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def error_text(exc: DomainError) -> str:
    """A domain error as the CLI says it: in English, with its field details."""
    from wording import errors as words

    with force_locale("en"):
        text = words.message(exc)
        details = words.field(exc.details, exc.params) if exc.details else None
    return f"{text} {json.dumps(details, ensure_ascii=False)}" if details else text


def user_named(username: str) -> Any:
    user = find_user(username)
    if user is None:
        fail(f"no user named {username!r}")
    return user


def read_json(text_or_path: str) -> Any:
    """JSON from stdin (``-``), from a file if one has that name, else the text itself."""
    raw = (
        sys.stdin.read()
        if text_or_path == "-"
        else (
            Path(text_or_path).read_text(encoding="utf-8")
            if Path(text_or_path).is_file()
            else text_or_path
        )
    )
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        fail(f"not valid JSON: {exc}")


def parse_time(value: str | None) -> datetime:
    """An ISO time as UTC (naive means UTC); none means now."""
    if not value:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"not an ISO time: {value!r} (e.g. 2026-12-01T09:00:00+07:00)")
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
