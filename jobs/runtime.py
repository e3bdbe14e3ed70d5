"""The app a worker process preloads once, so jobs neither re-import nor rebuild it.

Jobs sit below the web layer and never import it: the worker entry point (`flask worker`,
via `jobs.worker.make_worker`) hands the app in with `set_app`, or a process that builds
apps on demand registers its factory with `set_app_factory`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context

_app: Flask | None = None
_factory: Callable[[], Flask] | None = None
F = TypeVar("F", bound=Callable[..., Any])


def set_app(app: Flask | None) -> None:
    """Preload the app in a worker process (None undoes it, for tests)."""
    global _app
    _app = app


def set_app_factory(factory: Callable[[], Flask] | None) -> None:
    """Register how to build the app when a job runs with none preloaded and no context."""
    global _factory
    _factory = factory


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
    if _factory is None:
        raise RuntimeError("no app for this job: start workers with `flask worker`, "
                           "or call jobs.runtime.set_app / set_app_factory first")
    _app = _factory()
    with _app.app_context():
        yield _app


def job(func: F) -> F:
    """Run an RQ job body inside the app context (jobs take ids and primitives only)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with app_context():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
