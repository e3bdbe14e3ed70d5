"""Deploying process versions and finding the one a new case starts on."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

import engine
from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.clock import clock
from domain.db import db
from domain.enums import CaseKind
from domain.errors import Conflict, InvalidData, NotFound
from domain.org.models import Agency, Region, User
from domain.processes import cache
from domain.processes.models import ProcessModel, ProcessVersion
from domain.processes.vocabulary import VOCABULARY
from domain.sla import cache as calendar_cache
from domain.sla.rules import RULES
from forms.registry import FormDefinitionError, check_form, every_shipped_form

BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"
DEFAULT_PROCESS_KEY = "complaint"


def compile_definition(
    bpmn_xml: str, dmn_xmls: list[str], forms: Mapping[str, Any]
) -> engine.CompiledProcess:
    """Every check a deploy runs (forms, hardened parse, lint, sandboxed expressions).

    One function for the deploy command, the studio's validation and the API, so a draft
    that validates is exactly a draft that deploys. Raises engine.DeployError.
    """
    issues = []
    if not isinstance(forms, Mapping):
        raise engine.DeployError([engine.ValidationIssue("", "forms must be an object")])
    for form_key, form in forms.items():
        try:
            check_form(form_key, form)
        except FormDefinitionError as exc:
            issues.append(engine.ValidationIssue(form_key, str(exc)))
    if issues:
        raise engine.DeployError(issues)
    ceilings = {rule.id: rule.working_days for rule in RULES.values()}
    return engine.compile_process(
        bpmn_xml, dmn_xmls, forms, known_rules=ceilings, vocabulary=VOCABULARY
    )


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
    scenarios: list[dict[str, Any]] | None = None,
) -> DeployResult:
    """Validate and store an immutable version; the same content deploys only once.

    Raises engine.DeployError (with element ids) for an invalid definition.
    """
    compiled = compile_definition(bpmn_xml, dmn_xmls, forms)
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
    number = (db.session.execute(
        sa.select(sa.func.max(ProcessVersion.number)).where(ProcessVersion.model_id == model.id)
    ).scalar() or 0) + 1
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
        scenarios=list(scenarios or []),
        note=note,
        deployed_by_id=actor.id if actor else None,
        deployed_at=now,
    )
    db.session.add(version)
    db.session.flush()
    audit.record(
        "process_deployed",
        actor=actor_of(actor),
        payload={"key": key, "version": number, "sha256": compiled.sha256, "note": note},
        now=now,
    )
    return DeployResult(version, created=True)


@dataclass(frozen=True)
class Shipped:
    """A lifecycle shipped in `bpmn/`: its model key (= the kind it serves), file and name."""

    key: str
    name: str
    note: str

    def bpmn(self) -> str:
        return (BPMN_DIR / f"{self.key}.bpmn").read_text(encoding="utf-8")

    def scenarios(self) -> list[dict[str, Any]]:
        path = BPMN_DIR / f"{self.key}.scenarios.json"
        return json.loads(path.read_text(encoding="utf-8"))


# The kind chosen at intake decides the process: each kind's model key is its value.
SHIPPED: dict[CaseKind, Shipped] = {
    CaseKind.COMPLAINT: Shipped(DEFAULT_PROCESS_KEY, "Siklus pengaduan nasional",
                                "shipped default lifecycle"),
    CaseKind.ASPIRATION: Shipped("aspiration", "Siklus aspirasi nasional",
                                 "shipped aspiration lifecycle"),
    CaseKind.INFORMATION_REQUEST: Shipped("information_request",
                                          "Siklus permintaan informasi (UU 14/2008)",
                                          "shipped information request lifecycle"),
}
_FORM_PROPERTY = re.compile(r'name="form"\s+value="([^"]+)"')


def shipped_forms_of(bpmn_xml: str) -> dict[str, Any]:
    """The shipped forms a shipped diagram names (each lifecycle carries only its own forms,
    so adding a lifecycle's forms does not change another's content hash)."""
    forms = every_shipped_form()
    return {key: forms[key] for key in sorted(set(_FORM_PROPERTY.findall(bpmn_xml)))
            if key in forms}


def deploy_shipped_kind(kind: CaseKind, actor: User | None = None) -> DeployResult:
    """Deploy one shipped lifecycle (`bpmn/<key>.bpmn`, its forms and scenarios)."""
    shipped = SHIPPED[kind]
    bpmn_xml = shipped.bpmn()
    return deploy(
        shipped.key, bpmn_xml,
        [p.read_text(encoding="utf-8") for p in sorted(BPMN_DIR.glob("*.dmn"))],
        shipped_forms_of(bpmn_xml), actor=actor, name=shipped.name, note=shipped.note,
        scenarios=shipped.scenarios(),
    )


def deploy_shipped(actor: User | None = None) -> DeployResult:
    """Deploy `bpmn/complaint.bpmn` with the shipped DMN and forms (version 1 on a new DB)."""
    return deploy_shipped_kind(CaseKind.COMPLAINT, actor)


def deploy_every_shipped(actor: User | None = None) -> dict[CaseKind, DeployResult]:
    """Deploy the lifecycle of every kind (the demo, `flask processes deploy-shipped`), so
    complaints, aspirations and information requests each start on their own model."""
    return {kind: deploy_shipped_kind(kind, actor) for kind in SHIPPED}


def _latest(key: str) -> sa.Select[Any]:
    return (sa.select(ProcessVersion).join(ProcessModel).where(ProcessModel.key == key)
            .order_by(ProcessVersion.number.desc()).limit(1))


def latest_version(key: str = DEFAULT_PROCESS_KEY) -> ProcessVersion:
    """The version new cases of this process start on."""
    version = db.session.execute(_latest(key)).scalar_one_or_none()
    if version is None:
        raise NotFound("process_not_deployed", key=key)
    cache.remember(version)
    return version


def start_version(region_code: str | None,
                  kind: CaseKind | str = CaseKind.COMPLAINT) -> tuple[str, ProcessVersion]:
    """The model and version a new case of this kind from this region starts on.

    The kind picks the model (`SHIPPED`). Agency copies per region apply to complaints only
    (`process_key_for_region`): aspirations and information requests run their national
    model everywhere (UU 14/2008's deadlines are the same for every public body). A kind
    whose model is not deployed yet falls back to the complaint lifecycle, so an upgraded
    installation keeps taking reports until `flask processes deploy-shipped` ran.
    Without agency copies (the usual deployment) that is one query: the template's latest
    version, with "does any copy exist?" asked in the same statement.
    """
    shipped = SHIPPED.get(CaseKind(kind))
    if shipped is not None and shipped.key != DEFAULT_PROCESS_KEY:
        own = db.session.execute(
            _latest(shipped.key).add_columns(calendar_cache.version_column())
        ).first()
        if own is not None:
            calendar_cache.note_token(own[1])
            cache.remember(own[0])
            return shipped.key, own[0]
    copies = sa.orm.aliased(ProcessModel)  # not correlated with the template's row
    any_copy = sa.exists().where(copies.agency_id.is_not(None))
    # ...and the calendar's token, which the first step's deadlines need (`sla.cache`).
    row = db.session.execute(
        _latest(DEFAULT_PROCESS_KEY).add_columns(any_copy, calendar_cache.version_column())
    ).first()
    if row is not None:
        calendar_cache.note_token(row[2])
    if row is not None and not row[1]:
        cache.remember(row[0])
        return DEFAULT_PROCESS_KEY, row[0]
    key = process_key_for_region(region_code)
    return key, latest_version(key)


def model_by_key(key: str) -> ProcessModel:
    model = db.session.execute(
        sa.select(ProcessModel).where(ProcessModel.key == key)
    ).scalar_one_or_none()
    if model is None:
        raise NotFound("process_model_not_found", key=key)
    return model


def process_key_for_region(region_code: str | None) -> str:
    """The model a new case from this region starts on: its agency's copy, else the template.

    At intake a case has no agency yet (verification disposes it), so the reporter's region
    stands in: the agency of the most specific region on the path from the case's region up
    to its province that has a deployed copy wins (Kota Medan before Sumatera Utara).
    """
    has_copies = db.session.execute(
        sa.select(ProcessModel.id).where(ProcessModel.agency_id.is_not(None)).limit(1)
    ).first()
    if not has_copies:  # the common case: one indexed look-up, no walk up the regions
        return DEFAULT_PROCESS_KEY
    codes: list[str] = []
    code = region_code
    while code and code not in codes and len(codes) < 6:
        codes.append(code)
        code = db.session.execute(
            sa.select(Region.parent_code).where(Region.code == code)
        ).scalar_one_or_none()
    if not codes:
        return DEFAULT_PROCESS_KEY
    rows = db.session.execute(
        sa.select(ProcessModel.key, Agency.region_code)
        .join(Agency, Agency.id == ProcessModel.agency_id)
        .where(
            Agency.region_code.in_(codes),
            sa.exists().where(ProcessVersion.model_id == ProcessModel.id),
        )
    ).all()
    if not rows:
        return DEFAULT_PROCESS_KEY
    return min(rows, key=lambda row: (codes.index(row.region_code), row.key)).key


def copy_model(
    source_key: str, agency: Agency, *, actor: User, key: str | None = None,
    name: str | None = None,
) -> ProcessModel:
    """An agency's own copy of a model, starting as version 1 = the source's latest version.

    The copy needs no second approval: its content is a version that was already approved;
    every later change to it goes through drafts and approval like any other model.
    """
    source = latest_version(source_key)
    new_key = key or f"{source_key}-{agency.code}"
    exists = db.session.execute(
        sa.select(ProcessModel.id).where(ProcessModel.key == new_key)
    ).first()
    if exists:
        raise Conflict("process_model_exists", key=new_key)
    result = deploy(
        new_key, source.bpmn_xml, list(source.dmn_xml), source.forms, actor=actor,
        name=name or f"{source.model.name} — {agency.name}", agency_id=agency.id,
        note=f"copy of {source_key} v{source.number}", scenarios=list(source.scenarios or []),
    )
    audit.record(
        "process_model_copied",
        actor=actor_of(actor),
        payload={"from": source_key, "version": source.number, "key": new_key,
                 "agency": agency.code},
    )
    return result.version.model


def definition(version_id: int) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(spec, meta, forms) of a version, read once per process: versions never change."""
    return cache.definition(version_id)


def form_of(version_id: int, form_key: str) -> dict[str, Any]:
    forms = definition(version_id)[2]
    if form_key not in forms:
        raise InvalidData("form_not_in_version", form=form_key)
    return forms[form_key]
