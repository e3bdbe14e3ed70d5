"""Managing agencies and their unit trees from the admin pages and API.

Every operation takes the acting user, checks his scope (`domain.org.access`), validates
with the same field checks as the CSV import (`domain.org.checks`), writes, and records one
audited event naming him; `flush()` only, the request commits. Codes are fixed once created:
the routing table and running cases name units by code.

An agency covers its seat region and any further areas (and every area below each: `32.73`
covers its districts); a case goes to the agency covering its most specific area
(`domain.org.regions`). Changing an
agency's region changes whose cases it receives, so agencies are the national admin's.
Deactivating never strands work: an agency goes only once its units are inactive, a unit
only once it has no active sub-unit, no open task and no active member.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.cases.models import HumanTask
from domain.db import db
from domain.enums import TaskState
from domain.errors import Conflict, InvalidData
from domain.org import operations as org
from domain.org.access import agency_in_scope, org_scope, require_national, unit_in_scope
from domain.org.checks import AGENCY_KINDS, code_problem, name_problem, region_problem
from domain.org.models import Agency, AgencyArea, Membership, Unit, User
from domain.org.scope import agency_root_unit


def _invalid(errors: dict[str, str | None]) -> None:
    """Raise one InvalidData naming every bad field (field codes of wording.errors.FIELD)."""
    bad = {name: code for name, code in errors.items() if code}
    if bad:
        raise InvalidData("check_input", details=bad)


def _record(event: str, actor: User, key: str, **fields: Any) -> None:
    audit.record(event, actor=actor_of(actor), payload={"key": key, **fields})


def create_agency(actor: User, *, code: str, name: str, region: str | None = None,
                  kind: str = "local_government", areas: list[str] | None = None) -> Agency:
    """A new agency covering `region` (None: a national body that covers no area) and
    any further `areas`."""
    require_national(actor)
    code, name, region = code.strip(), name.strip(), (region or "").strip() or None
    wanted_areas = _areas(areas or [], region)
    taken = org.agency_by_code(code) is not None
    _invalid({"code": code_problem(code) or ("code_taken" if taken else None),
              "name": name_problem(name), "region": region_problem(region),
              "kind": None if kind in AGENCY_KINDS else "kind_invalid"})
    agency = org.create_agency(code, name, kind=kind, region_code=region)
    agency.areas = [AgencyArea(region_code=area) for area in wanted_areas]
    db.session.flush()
    _record("agency_created", actor, code, name=name, region=region, kind=kind,
            **({"areas": wanted_areas} if wanted_areas else {}))
    return agency


def _areas(codes: list[str], seat: str | None) -> list[str]:
    """The further areas asked for, trimmed, deduplicated, the seat left out; each known.

    An agency without a seat (a national body) covers no further area either: its cases
    come by disposition, never by region."""
    wanted = sorted({code.strip() for code in codes if code and code.strip()} - {seat})
    if wanted and not seat:
        raise InvalidData("check_input", details={"areas": "areas_need_seat"})
    unknown = [code for code in wanted if region_problem(code)]
    if unknown:
        raise InvalidData("check_input", details={"areas": "areas_unknown"},
                          codes=", ".join(unknown))
    return wanted


def update_agency(actor: User, code: str, *, name: str | None = None,
                  region: str | None = None, kind: str | None = None,
                  areas: list[str] | None = None) -> Agency:
    """Rename an agency or change the regions it covers (and so the cases it receives).

    `region=""` clears it, `areas=[]` drops the further areas; None leaves a field as it is."""
    require_national(actor)
    agency = agency_in_scope(actor, code)
    region = agency.region_code if region is None else (region.strip() or None)
    wanted = {"name": agency.name if name is None else name.strip(), "region": region,
              "kind": kind or agency.kind}
    _invalid({"name": name_problem(wanted["name"]), "region": region_problem(region),
              "kind": None if wanted["kind"] in AGENCY_KINDS else "kind_invalid"})
    wanted["areas"] = _areas(agency.area_codes if areas is None else areas, region)
    before = {"name": agency.name, "region": agency.region_code, "kind": agency.kind,
              "areas": agency.area_codes}
    changed = {key: value for key, value in wanted.items() if before[key] != value}
    if not changed:
        return agency
    agency.name = changed.get("name", agency.name)
    agency.region_code = changed.get("region", agency.region_code)
    agency.kind = changed.get("kind", agency.kind)
    if "areas" in changed:
        agency.areas = [AgencyArea(region_code=area) for area in changed["areas"]]
    db.session.flush()
    _record("agency_updated", actor, code, **changed)
    return agency


def set_agency_active(actor: User, code: str, active: bool) -> bool:
    """Deactivate (or reactivate) an agency; False when it already was so. A deactivated
    agency receives no new case; it may go only once none of its units is active."""
    require_national(actor)
    agency = agency_in_scope(actor, code)
    if agency.active == active:
        return False
    if not active:
        units = db.session.scalar(sa.select(sa.func.count()).select_from(Unit).where(
            Unit.agency_id == agency.id, Unit.active.is_(True)))
        if units:
            raise Conflict("agency_has_active_units", count=units)
    agency.active = active
    db.session.flush()
    _record("agency_activated" if active else "agency_deactivated", actor, code)
    return True


def _parent(actor: User, parent: str) -> tuple[Agency, Unit | None]:
    """(agency, parent unit or None for a top unit) of a `parent` naming a unit or an
    agency; one the actor does not manage reads as unknown, like one that does not exist."""
    scope = org_scope(actor)
    unit = org.unit_by_code(parent)
    if unit is not None and scope.covers_agency(unit.agency_id):
        return unit.agency, unit
    agency = org.agency_by_code(parent)
    if agency is not None and scope.covers_agency(agency.id):
        return agency, None
    raise InvalidData("check_input", details={"parent": "parent_unknown"})


def create_unit(actor: User, *, code: str, name: str, parent: str,
                region: str | None = None) -> Unit:
    """A unit under a unit (`parent` = its code) or the agency's top unit (the agency's)."""
    code, name, region = code.strip(), name.strip(), (region or "").strip() or None
    taken = org.unit_by_code(code) is not None
    _invalid({"code": code_problem(code) or ("code_taken" if taken else None),
              "name": name_problem(name), "region": region_problem(region)})
    agency, parent_unit = _parent(actor, parent.strip())
    if not agency.active or (parent_unit is not None and not parent_unit.active):
        _invalid({"parent": "parent_inactive"})
    if parent_unit is None and agency_root_unit(agency.id) is not None:
        _invalid({"parent": "second_top_unit"})
    unit = org.create_unit(code, name, agency, parent=parent_unit, region_code=region)
    _record("unit_created", actor, code, name=name, parent=parent.strip(),
            region=unit.region_code)
    return unit


def update_unit(actor: User, code: str, *, name: str | None = None,
                region: str | None = None, parent: str | None = None) -> Unit:
    """Rename a unit, change its region, or move it under another unit of its agency."""
    unit = unit_in_scope(actor, code)
    name = name.strip() if name is not None else None
    region = (region.strip() or None) if region is not None else None
    _invalid({"name": name_problem(name) if name is not None else None,
              "region": region_problem(region)})
    changed: dict[str, Any] = {}
    if name is not None and name != unit.name:
        unit.name = changed["name"] = name
    if region is not None and region != unit.region_code:
        unit.region_code = changed["region"] = region
    if parent is not None and _move(actor, unit, parent.strip()):
        changed["parent"] = parent.strip()
    if changed:
        db.session.flush()
        _record("unit_updated", actor, code, **changed)
    return unit


def _move(actor: User, unit: Unit, parent: str) -> bool:
    """Put `unit` (with its sub-units) under `parent`; False when it already is there.

    A unit stays in its agency, never goes under itself or one of its own sub-units, and
    an agency keeps one top unit. The subtree's paths are rewritten in one statement."""
    agency, new_parent = _parent(actor, parent)
    if agency.id != unit.agency_id:
        _invalid({"parent": "unit_other_agency"})
    if (new_parent.id if new_parent else None) == unit.parent_id:
        return False
    if new_parent is None:
        _invalid({"parent": "second_top_unit"})  # the agency's top unit is another one
    if new_parent.path.startswith(unit.path):
        _invalid({"parent": "unit_cycle"})
    if not new_parent.active:
        _invalid({"parent": "parent_inactive"})
    old, new = unit.path, f"{new_parent.path}{unit.id}/"
    db.session.flush()
    db.session.execute(
        sa.update(Unit).where(Unit.path.startswith(old, autoescape=True))
        .values(path=sa.literal(new) + sa.func.substr(Unit.path, len(old) + 1))
        .execution_options(synchronize_session=False))
    unit.parent_id = new_parent.id
    db.session.flush()
    db.session.expire_all()  # paths of loaded units below it changed in the database
    return True


def set_unit_active(actor: User, code: str, active: bool) -> bool:
    """Deactivate (or reactivate) a unit; False when it already was so. Deactivating
    refuses while work would be stranded: an active sub-unit, an open task, an active
    member (move or deactivate them first). Reactivating needs an active parent."""
    unit = unit_in_scope(actor, code)
    if unit.active == active:
        return False
    if active:
        parent = db.session.get(Unit, unit.parent_id) if unit.parent_id else None
        if not unit.agency.active or (parent is not None and not parent.active):
            raise Conflict("unit_parent_inactive")
    else:
        _refuse_stranding(unit)
    unit.active = active
    db.session.flush()
    _record("unit_activated" if active else "unit_deactivated", actor, code)
    return True


def _refuse_stranding(unit: Unit) -> None:
    def count(query: sa.Select[Any]) -> int:
        return int(db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())))

    subunits = count(sa.select(Unit.id).where(Unit.parent_id == unit.id, Unit.active.is_(True)))
    if subunits:
        raise Conflict("unit_has_active_subunits", count=subunits)
    tasks = count(sa.select(HumanTask.id).where(HumanTask.unit_id == unit.id,
                                                HumanTask.state == TaskState.READY))
    if tasks:
        raise Conflict("unit_has_open_tasks", count=tasks)
    members = count(sa.select(User.id).join(Membership, Membership.user_id == User.id)
                    .where(Membership.unit_id == unit.id, User.active.is_(True)).distinct())
    if members:
        raise Conflict("unit_has_active_members", count=members)
