"""Deploying process versions and finding the one a new case starts on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa

import engine
from domain.audit import operations as audit
from domain.clock import clock
from domain.db import db
from domain.errors import InvalidData, NotFound
from domain.org.models import User
from domain.processes.models import ProcessModel, ProcessVersion
from domain.sla.rules import RULES
from forms.registry import FormDefinitionError, check_form, shipped_forms

BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"
DEFAULT_PROCESS_KEY = "complaint"


@dataclass(frozen=True)
class DeployResult:
    version: ProcessVersion
    created: bool  # False when the same content was already deployed


def deploy(
    key: str,
    bpmn_xml: str,
    dmn_xmls: list[str],
    forms: Mapping[str, Any],
    *,
    actor: User | None,
    name: str | None = None,
    agency_id: int | None = None,
    note: str = "",
) -> DeployResult:
    """Validate and store an immutable version; the same content deploys only once.

    Raises engine.DeployError (with element ids) for an invalid definition.
    """
    try:
        for form_key, form in forms.items():
            check_form(form_key, form)
    except FormDefinitionError as exc:
        raise engine.DeployError([engine.ValidationIssue(form_key, str(exc))]) from exc
    compiled = engine.compile_process(bpmn_xml, dmn_xmls, forms, known_rules=set(RULES))
    now = clock.now()
    model = db.session.execute(
        sa.select(ProcessModel).where(ProcessModel.key == key)
    ).scalar_one_or_none()
    if model is None:
        model = ProcessModel(key=key, name=name or key, agency_id=agency_id, created_at=now)
        db.session.add(model)
        db.session.flush()
    existing = db.session.execute(
        sa.select(ProcessVersion).where(
            ProcessVersion.model_id == model.id, ProcessVersion.sha256 == compiled.sha256
        )
    ).scalar_one_or_none()
    if existing is not None:
        return DeployResult(existing, created=False)
    number = (
        db.session.execute(
            sa.select(sa.func.max(ProcessVersion.number)).where(ProcessVersion.model_id == model.id)
        ).scalar()
        or 0
    ) + 1
    version = ProcessVersion(
        model_id=model.id,
        number=number,
        sha256=compiled.sha256,
        process_id=compiled.process_id,
        bpmn_xml=bpmn_xml,
        dmn_xml=list(dmn_xmls),
        forms=dict(forms),
        spec=compiled.spec,
        meta=compiled.meta,
        note=note,
        deployed_by_id=actor.id if actor else None,
        deployed_at=now,
    )
    db.session.add(version)
    db.session.flush()
    audit.record(
        "process_deployed",
        actor=f"user:{actor.id}" if actor else "system",
        payload={"key": key, "version": number, "sha256": compiled.sha256, "note": note},
        now=now,
    )
    return DeployResult(version, created=True)


def deploy_shipped(actor: User | None = None) -> DeployResult:
    """Deploy `bpmn/complaint.bpmn` with the shipped DMN and forms (version 1 on a new DB)."""
    return deploy(
        DEFAULT_PROCESS_KEY,
        (BPMN_DIR / "complaint.bpmn").read_text(encoding="utf-8"),
        [p.read_text(encoding="utf-8") for p in sorted(BPMN_DIR.glob("*.dmn"))],
        shipped_forms(),
        actor=actor,
        name="Siklus pengaduan nasional",
        note="shipped default lifecycle",
    )


def latest_version(key: str = DEFAULT_PROCESS_KEY) -> ProcessVersion:
    """The version new cases of this process start on."""
    version = db.session.execute(
        sa.select(ProcessVersion)
        .join(ProcessModel)
        .where(ProcessModel.key == key)
        .order_by(ProcessVersion.number.desc())
        .limit(1)
    ).scalar_one_or_none()
    if version is None:
        raise NotFound(f"no deployed version of process {key!r}; run `flask processes deploy`")
    return version


@lru_cache(maxsize=128)
def _cached_definition(
    version_id: int, sha256: str
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    row = db.session.get(ProcessVersion, version_id)
    if row is None or row.sha256 != sha256:
        raise NotFound("process version not found")
    return row.spec, row.meta, row.forms


def definition(version_id: int) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(spec, meta, forms) of a version, read once per process: versions never change."""
    sha = db.session.execute(
        sa.select(ProcessVersion.sha256).where(ProcessVersion.id == version_id)
    ).scalar_one_or_none()
    if sha is None:
        raise NotFound("process version not found")
    return _cached_definition(version_id, sha)


def form_of(version_id: int, form_key: str) -> dict[str, Any]:
    forms = definition(version_id)[2]
    if form_key not in forms:
        raise InvalidData(f"form {form_key!r} is not part of this process version")
    return forms[form_key]
