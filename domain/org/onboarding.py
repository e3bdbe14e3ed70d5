"""Onboarding an organisation from one CSV: agencies, their unit trees, users and roles.

Header `kind,code,name,parent,region,username,email,role`. A file is planned whole before
anything is written: every line is checked against the database and the lines above it,
and one bad line (reported with its line number) means nothing of the file is applied.
The plan is a list of `Change`s, which `--dry-run` prints and `apply_plan` writes (flush
only, one audited event per change). Re-importing the same file plans no change.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.db import db
from domain.enums import Role
from domain.errors import InvalidData
from domain.org import operations as org
from domain.org.checks import (
    code_problem,
    email_problem,
    name_problem,
    parse_role,
    region_problem,
    role_problem,
    username_problem,
)
from domain.org.models import Agency, Membership, Unit, User
from domain.org.scope import agency_root_unit

HEADER = ("kind", "code", "name", "parent", "region", "username", "email", "role")
KINDS = ("agency", "unit", "user")
# A new account cannot log in until `users set-password`: no argon2 hash verifies "!".
NO_PASSWORD = "!"  # noqa: S105 (a hash that matches no password)


@dataclass(frozen=True)
class Change:
    """One planned write: `action` (create, update, grant) of `kind` `key`, from `line`."""

    line: int
    action: str
    kind: str
    key: str
    fields: dict[str, str | None]

    def describe(self) -> str:
        shown = ", ".join(f"{k}={v}" for k, v in self.fields.items() if v)
        return f"line {self.line}: {self.action} {self.kind} {self.key}" + (
            f" ({shown})" if shown else "")


@dataclass
class _Plan:
    """What the file declares so far, on top of the database."""

    changes: list[Change] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    agencies: dict[str, str] = field(default_factory=dict)  # code -> region (file's agencies)
    units: dict[str, str] = field(default_factory=dict)  # code -> agency code (file's units)
    users: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    tops: dict[str, str] = field(default_factory=dict)  # agency code -> its top unit's code


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of a CSV text; a wrong header is an error of line 1."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if tuple(h.strip() for h in reader.fieldnames or ()) != HEADER:
        raise InvalidData("org_csv_header", details={"line 1": "csv_header"},
                          header=",".join(HEADER))
    return [(reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items() if k})
            for row in reader]


def plan_import(text: str) -> list[Change]:
    """Every change the file asks for, or `InvalidData` naming each bad line (nothing done)."""
    plan = _Plan()
    for line, row in read_rows(text):
        kind = row.get("kind", "")
        checker = {"agency": _plan_agency, "unit": _plan_unit, "user": _plan_user}.get(kind)
        problem = checker(plan, line, row) if checker else "kind_unknown"
        if problem:
            plan.errors[f"line {line}"] = problem
    if plan.errors:
        raise InvalidData("org_import_invalid", details=plan.errors, lines=len(plan.errors))
    return plan.changes


def _row_problem(row: dict[str, str], seen: Any) -> str | None:
    """What agency and unit rows share: a code, a name, a known region, one line per code."""
    problem = (code_problem(row["code"]) or name_problem(row["name"])
               or region_problem(row["region"] or None))
    return problem or ("duplicate_line" if row["code"] in seen else None)


def _plan_agency(plan: _Plan, line: int, row: dict[str, str]) -> str | None:
    if problem := _row_problem(row, plan.agencies):
        return problem
    code, name, region = row["code"], row["name"], row["region"] or None
    plan.agencies[code] = region or ""
    existing = org.agency_by_code(code)
    wanted = {"name": name, "region": region}
    if existing is None:
        plan.changes.append(Change(line, "create", "agency", code, wanted))
    elif (existing.name, existing.region_code) != (name, region):
        plan.changes.append(Change(line, "update", "agency", code, wanted))
    return None


def _unit_parent(plan: _Plan, parent: str) -> tuple[str, str | None] | None:
    """(agency code, parent unit code or None for a top unit) of a unit's `parent` column."""
    if parent in plan.units:
        return plan.units[parent], parent
    unit = org.unit_by_code(parent)
    if unit is not None:
        return unit.agency.code, parent
    if parent in plan.agencies or org.agency_by_code(parent) is not None:
        return parent, None
    return None


def _plan_unit(plan: _Plan, line: int, row: dict[str, str]) -> str | None:
    if problem := _row_problem(row, plan.units):
        return problem
    code, name, region = row["code"], row["name"], row["region"] or None
    parent = _unit_parent(plan, row["parent"])
    if parent is None:
        return "parent_unknown"
    agency_code, parent_unit = parent
    if parent_unit is None and _top_unit(plan, agency_code) not in (None, code):
        return "second_top_unit"
    existing = org.unit_by_code(code)
    wanted = {"name": name, "parent": row["parent"], "region": region}
    if existing is None:
        plan.changes.append(Change(line, "create", "unit", code, wanted))
    else:
        current_parent = db.session.get(Unit, existing.parent_id) if existing.parent_id else None
        if (existing.agency.code, current_parent.code if current_parent else None) != (
                agency_code, parent_unit):
            return "unit_move_unsupported"
        if existing.name != name or (region and existing.region_code != region):
            plan.changes.append(Change(line, "update", "unit", code, wanted))
    plan.units[code] = agency_code
    if parent_unit is None:
        plan.tops[agency_code] = code
    return None


def _top_unit(plan: _Plan, agency_code: str) -> str | None:
    """The agency's top unit (where its coordinators sit): one per agency."""
    if agency_code in plan.tops:
        return plan.tops[agency_code]
    agency = org.agency_by_code(agency_code)
    root = agency_root_unit(agency.id) if agency is not None else None
    return root.code if root is not None else None


def _plan_user(plan: _Plan, line: int, row: dict[str, str]) -> str | None:
    username, name, email, unit = row["username"], row["name"], row["email"] or None, row["parent"]
    if problem := username_problem(username) or name_problem(name) or email_problem(email):
        return problem
    role = parse_role(row["role"])
    if role is None:
        return "role_unknown"
    if problem := role_problem(role, bool(unit)):
        return problem
    if unit and unit not in plan.units and org.unit_by_code(unit) is None:
        return "unit_unknown"
    if username in plan.users and plan.users[username] != (name, email):
        return "user_differs"
    user = org.find_user(username)
    if username not in plan.users:
        plan.users[username] = (name, email)
        wanted = {"name": name, "email": email}
        if user is None:
            plan.changes.append(Change(line, "create", "user", username, wanted))
        elif (user.display_name, user.email) != (name, email):
            plan.changes.append(Change(line, "update", "user", username, wanted))
    if user is None or not _has_membership(user, role, unit or None):
        plan.changes.append(Change(line, "grant", "role", username,
                                   {"role": role.value, "unit": unit or None}))
    return None


def _has_membership(user: User, role: Role, unit_code: str | None) -> bool:
    return any(m.role == role and (m.unit.code if m.unit else None) == unit_code
               for m in user.memberships)


def apply_plan(changes: Iterable[Change], *, actor: str) -> int:
    """Write the planned changes in file order, each an audited event; flush only."""
    done = 0
    for change in changes:
        write, event = _APPLY[(change.action, change.kind)]
        write(change)
        audit.record(event, actor=actor,
                     payload={"key": change.key, "line": change.line, **change.fields})
        done += 1
    db.session.flush()
    return done


def _create_agency(change: Change) -> None:
    org.create_agency(change.key, str(change.fields["name"]), region_code=change.fields["region"])


def _update_agency(change: Change) -> None:
    agency = org.agency_by_code(change.key)
    agency.name, agency.region_code = str(change.fields["name"]), change.fields["region"]


def _create_unit(change: Change) -> None:
    parent_code = str(change.fields["parent"])
    parent = org.unit_by_code(parent_code)
    agency = parent.agency if parent is not None else org.agency_by_code(parent_code)
    org.create_unit(change.key, str(change.fields["name"]), agency, parent=parent,
                    region_code=change.fields["region"])


def _update_unit(change: Change) -> None:
    unit = org.unit_by_code(change.key)
    unit.name = str(change.fields["name"])
    unit.region_code = change.fields["region"] or unit.region_code


def _create_user(change: Change) -> None:
    org.create_user(change.key, str(change.fields["name"]), password_hash=NO_PASSWORD,
                    email=change.fields["email"])


def _update_user(change: Change) -> None:
    user = org.find_user(change.key)
    user.display_name, user.email = str(change.fields["name"]), change.fields["email"]


def _grant(change: Change) -> None:
    unit_code = change.fields["unit"]
    org.grant(org.find_user(change.key), Role(str(change.fields["role"])),
              org.unit_by_code(unit_code) if unit_code else None)


# (action, kind) -> the write and its audit event kind (labels: wording.labels.EVENT).
_APPLY = {
    ("create", "agency"): (_create_agency, "agency_created"),
    ("update", "agency"): (_update_agency, "agency_updated"),
    ("create", "unit"): (_create_unit, "unit_created"),
    ("update", "unit"): (_update_unit, "unit_updated"),
    ("create", "user"): (_create_user, "user_created"),
    ("update", "user"): (_update_user, "user_updated"),
    ("grant", "role"): (_grant, "role_granted"),
}


def export_rows() -> list[dict[str, str]]:
    """The organisation in the import format: agencies, units (parents first), users."""
    rows: list[dict[str, str]] = []
    blank = dict.fromkeys(HEADER, "")
    for agency in db.session.execute(sa.select(Agency).order_by(Agency.code)).scalars():
        rows.append({**blank, "kind": "agency", "code": agency.code, "name": agency.name,
                     "region": agency.region_code or ""})
    units = db.session.execute(sa.select(Unit)).scalars().all()
    by_id = {u.id: u for u in units}
    for unit in sorted(units, key=lambda u: (u.agency.code, u.path.count("/"), u.code)):
        parent = by_id[unit.parent_id].code if unit.parent_id else unit.agency.code
        region = unit.region_code if unit.region_code != unit.agency.region_code else ""
        rows.append({**blank, "kind": "unit", "code": unit.code, "name": unit.name,
                     "parent": parent, "region": region or ""})
    memberships = db.session.execute(
        sa.select(Membership).join(Membership.user).options(sa.orm.contains_eager(Membership.user))
        .order_by(User.username, Membership.id)).unique().scalars()
    for m in memberships:
        rows.append({**blank, "kind": "user", "name": m.user.display_name,
                     "parent": m.unit.code if m.unit else "", "username": m.user.username,
                     "email": m.user.email or "", "role": m.role.value})
    return rows


def export_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(export_rows())
    return out.getvalue()
