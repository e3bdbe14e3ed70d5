"""Job fixtures (committed data, worker app, file sinks) shared by jobs and reports tests."""

from tests.jobs.fixtures import _fresh_breaker, committed_world, sinks, worker_app  # noqa: F401
