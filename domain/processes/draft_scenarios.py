"""A draft's scenarios: saved with it, run by validation, and required to pass before it is
submitted or approved.

The scenarios travel with the content: a new draft starts from the latest version's, and an
approved draft hands its own to the version it deploys (`ProcessVersion.scenarios`).
"""

from __future__ import annotations

from typing import Any

import engine
from domain.db import db
from domain.errors import InvalidData
from domain.org.models import User
from domain.processes.models import ProcessDraft
from domain.processes.operations import compile_definition
from domain.processes.scenario_format import load_scenarios
from domain.processes.scenarios import ScenarioResult, run_all

MAX_SCENARIO_CHARS = 200_000


def save_scenarios(draft: ProcessDraft, raw: Any, *, actor: User) -> ProcessDraft:
    """Replace the draft's scenarios; refused (with the errors by position) when malformed.

    Saved like any edit (`drafts.save_draft`: the author only, an open or rejected draft,
    which becomes an open draft again), so a rejected draft's fixed scenarios go back
    through submission.
    """
    from domain.processes.drafts import save_draft

    if len(repr(raw)) > MAX_SCENARIO_CHARS:
        raise InvalidData("scenarios_too_large", details={"scenarios": "too_large"})
    _loaded, errors = load_scenarios(raw)
    if errors:
        raise InvalidData("scenarios_invalid", details=errors)
    save_draft(draft.model, draft.bpmn_xml, list(draft.dmn_xml), dict(draft.forms),
               actor=actor, draft=draft, note=draft.note)
    draft.scenarios = list(raw)
    db.session.flush()
    return draft


def results(draft: ProcessDraft) -> list[ScenarioResult] | None:
    """Every scenario of the draft run against it; None while the draft does not compile."""
    try:
        compiled = compile_definition(draft.bpmn_xml, list(draft.dmn_xml), draft.forms)
    except engine.DeployError:
        return None
    found, errors = run_all(compiled, draft.forms, draft.scenarios or [])
    if errors:  # stored scenarios were checked on save; a tightened format shows here
        raise InvalidData("scenarios_invalid", details=errors)
    return found


def require_passing(draft: ProcessDraft) -> list[ScenarioResult]:
    """The results, or InvalidData naming the failing scenarios: approval waits for them."""
    found = results(draft) or []
    failing = [r.name for r in found if not r.passed]
    if failing:
        raise InvalidData("scenarios_failing", details={"scenarios": failing},
                          count=len(failing))
    return found


def as_rows(found: list[ScenarioResult] | None) -> list[dict[str, Any]]:
    """Plain rows for JSON and templates (failures still as codes; wording words them)."""
    return [{"name": r.name, "passed": r.passed, "path": r.path, "waiting": r.waiting,
             "failures": [{"code": c, **values} for c, values in r.failures]}
            for r in (found or [])]
