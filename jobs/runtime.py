"""The app a worker process preloads once, so jobs neither re-import nor rebuild it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context

_app: Flask | None = None
F = TypeVar("F", bound=Callable[..., Any])


def set_app(app: Flask | None) -> None:
    """Preload the app in a worker process (None undoes it, for tests)."""
    global _app
    _app = app


@contextmanager
def app_context() -> Iterator[Flask]:
    """A fresh app context per job in a worker; the caller's context elsewhere (CLI, tests).

    In a worker the preloaded app is set and each job gets its own context, hence its own
    database session: objects cached by one job's session must never leak into the next.
    """
    global _app
    if _app is not None:
        with _app.app_context():
            yield _app
        return
    if has_app_context():
        yield current_app
        return
    if _app is None:
        from web.app import create_app

        _app = create_app()
    with _app.app_context():
        yield _app


def job(func: F) -> F:
    """Run an RQ job body inside the app context (jobs take ids and primitives only)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with app_context():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
