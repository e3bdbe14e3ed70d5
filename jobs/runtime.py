"""The app a worker process preloads once, so jobs neither re-import nor rebuild it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context

_app: Flask | None = None
F = TypeVar("F", bound=Callable[..., Any])


def set_app(app: Flask) -> None:
    global _app
    _app = app


@contextmanager
def app_context() -> Iterator[Flask]:
    """The current app if there is one (CLI, tests), else the worker's preloaded app."""
    global _app
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
