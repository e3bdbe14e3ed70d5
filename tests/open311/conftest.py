"""Open311 fixtures: an issued API key, the shared GeoReport v2 schemas, and public cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from domain.db import db
from domain.open311.keys import issue_key
from tests.api.conftest import settings_override  # noqa: F401 (a fixture for this package)
from tests.factories import submit

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "conformance" / \
    "open311-geoReport-v2-schema"
if not SCHEMAS.is_dir():  # a worktree beside the trunk: /work/wt/NAME → /work/shared
    SCHEMAS = Path("/work/shared/conformance/open311-geoReport-v2-schema")


def _registry() -> Registry:
    resources = [(path.name, DRAFT202012.create_resource(json.loads(path.read_text())))
                 for path in SCHEMAS.glob("*.json")]
    return Registry().with_resources(resources)


@pytest.fixture(scope="session")
def conforms() -> Callable[[str, Any], None]:
    """`conforms("requests.json", body)` validates against the shared schema (formats too:
    a datetime without its timezone fails `date-time`)."""
    registry = _registry()

    def _check(name: str, body: Any) -> None:
        schema = json.loads((SCHEMAS / name).read_text())
        validator = Draft202012Validator(schema, registry=registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
        assert errors == [], errors

    return _check


@pytest.fixture
def api_key(world: dict) -> str:
    """The secret of a freshly issued key, committed with the world (inside the test's
    outer transaction), so a refused request's rollback keeps them."""
    secret = issue_key("fixmystreet-test").secret
    db.session.commit()
    return secret


def public_case(**overrides: Any) -> Any:
    """A non-confidential case through the real intake (anonymous reporter with contacts)."""
    return submit(confidential=False, **overrides).case
