"""Fixtures for tests that run real jobs: committed data, the suite's Redis, file sinks."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from domain.db import db
from jobs import dispatch
from jobs.runtime import set_app


@pytest.fixture
def committed_world(committed_db: None, redis_conn: Any) -> dict[str, Any]:
    """The demo organisation, committed (workers in other threads or processes see it)."""
    from tests.factories import build_world

    world = build_world()
    db.session.commit()
    return world


@pytest.fixture(autouse=True)
def _fresh_breaker() -> Iterator[None]:
    dispatch.breaker.reset()
    yield
    dispatch.breaker.reset()


@pytest.fixture
def worker_app(app: Flask) -> Iterator[Flask]:
    """Run jobs as a worker does: the preloaded app, a fresh app context per job."""
    set_app(app)
    yield app
    set_app(None)


@pytest.fixture
def sinks(app: Flask) -> Iterator[Path]:
    """The development file sinks of e-mail and SMS, emptied around the test."""
    folder = app.config["ADUAN"].data_dir / "outbox"
    shutil.rmtree(folder, ignore_errors=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
