"""Fixtures the integration tests borrow: the notification file sinks."""

from tests.jobs.fixtures import sinks  # noqa: F401
