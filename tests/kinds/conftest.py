"""The per-kind lifecycles deployed beside the complaint's (the `world` deploys only the
complaint lifecycle, as every older test expects)."""

from __future__ import annotations

import pytest


@pytest.fixture
def world(world):
    from domain.processes.operations import deploy_every_shipped

    deploy_every_shipped()
    return world
