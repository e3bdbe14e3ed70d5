"""POST requests: a civic client files a report, which becomes a case like any other.

The form (GeoReport v2 names: `service_code`, a location, `description`, `attribute[CODE]`,
the reporter's `email`/`phone`/`first_name`/`last_name`) is turned into the one intake
payload and validated by the one intake schema (`domain.cases.schemas`); the case is filed
with channel `open311` and the client's key recorded beside it. Privacy starts at the safe
default (anonymous and confidential) unless the client chose otherwise where the service
lets it (`attribute[anonymous]`, `attribute[confidential]`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from marshmallow import ValidationError

from domain.cases.intake import Receipt, submit_case
from domain.cases.schemas import REGION_RE, load_intake
from domain.db import db
from domain.enums import Channel
from domain.errors import InvalidData, NotFound
from domain.open311.models import ApiKey, FiledRequest
from domain.open311.requests import DESCRIPTION_MAX, parse_datetime
from domain.open311.services import attributes_of, is_service, privacy_choosable
from domain.org.regions import region_exists
from domain.sla.calendar import WIB

ATTRIBUTE_RE = re.compile(r"^attribute\[([A-Za-z0-9_]{1,64})\](\[\])?$")
TITLE_MAX = 80
# Which intake field a refused schema field stands for, in GeoReport's names.
_FIELD_NAMES = {"category": "service_code", "location": "address_string",
                "reporter": "email", "kind": "attribute[kind]", "title": "attribute[title]",
                "region": "attribute[region]", "event_date": "attribute[event_date]"}

Form = Callable[[str], list[str]]  # a form's getlist


def _one(getlist: Form, name: str) -> str:
    values = getlist(name)
    return values[0].strip() if values else ""


def _attributes(getlist: Form, names: list[str], service: str) -> dict[str, list[str]]:
    """`attribute[CODE]` and `attribute[CODE][]` values, checked against the service."""
    known = {a.code: a for a in attributes_of(service)}
    found: dict[str, list[str]] = {}
    for name in names:
        match = ATTRIBUTE_RE.match(name)
        if not name.startswith("attribute[") or match is None:
            continue
        code = match.group(1)
        attribute = known.get(code)
        values = [v.strip() for v in getlist(name) if v.strip()]
        if attribute is None:
            raise InvalidData("open311_unknown_attribute", details={name: ["unknown"]},
                              code=code)
        if attribute.values and any(v not in attribute.values for v in values):
            raise InvalidData("open311_bad_attribute_value", details={name: ["choice"]},
                              code=code)
        if values:
            found[code] = values
    return found


def _coordinates(getlist: Form) -> tuple[float, float] | None:
    lat_s, long_s = _one(getlist, "lat"), _one(getlist, "long")
    if not lat_s and not long_s:
        return None
    try:
        lat, long = float(lat_s), float(long_s)
    except ValueError:
        raise InvalidData("open311_bad_coordinates", details={"lat": ["number"]}) from None
    if not (math.isfinite(lat) and math.isfinite(long) and -90 <= lat <= 90
            and -180 <= long <= 180):
        raise InvalidData("open311_bad_coordinates", details={"lat": ["range"]})
    return lat, long


def _location(getlist: Form) -> tuple[str | None, str | None, tuple[float, float] | None]:
    """(address text for the case, address_id, coordinates); at least one is required."""
    coordinates = _coordinates(getlist)
    address, address_id = _one(getlist, "address_string"), _one(getlist, "address_id")
    if coordinates is None and not address and not address_id:
        raise InvalidData("open311_location_required", details={"lat": ["required"]})
    if not address and coordinates is not None:
        address = f"{coordinates[0]:.6f}, {coordinates[1]:.6f}"
    return (address[:300] or None), (address_id or None), coordinates


def _region(attributes: dict[str, list[str]], address_id: str | None,
            default_region: str | None) -> str:
    """The case's region: `attribute[region]`, else an address_id that is a region code,
    else the jurisdiction's own region (ADUAN_OPEN311_REGION)."""
    candidates = [attributes.get("region", [""])[0], address_id or "", default_region or ""]
    for code in candidates:
        if code and REGION_RE.match(code) and region_exists(code):
            return code
    raise InvalidData("open311_region_required", details={"attribute[region]": ["region"]})


def _title(attributes: dict[str, list[str]], description: str) -> str:
    if "title" in attributes:
        return attributes["title"][0]
    words = " ".join(description.split())
    if len(words) <= TITLE_MAX:
        return words
    return words[:TITLE_MAX].rsplit(" ", 1)[0] + "…"


def _flag(attributes: dict[str, list[str]], name: str, service: str) -> bool:
    if not privacy_choosable(service):
        return True
    return attributes.get(name, ["true"])[0] != "false"


def _reporter(getlist: Form) -> dict[str, str] | None:
    name = " ".join(p for p in (_one(getlist, "first_name"), _one(getlist, "last_name")) if p)
    found = {"name": name, "phone": _one(getlist, "phone"), "email": _one(getlist, "email")}
    found = {k: v for k, v in found.items() if v}
    return found or None


def intake_payload(getlist: Form, names: list[str], default_region: str | None
                   ) -> dict[str, Any]:
    """The intake schema's payload for a POST form; InvalidData or NotFound otherwise."""
    service = _one(getlist, "service_code")
    if not service:
        raise InvalidData("open311_service_code_required", details={"service_code": ["required"]})
    if not is_service(service):
        raise NotFound("open311_service_not_found")
    address, address_id, coordinates = _location(getlist)
    description = _one(getlist, "description")
    if len(description) > DESCRIPTION_MAX:
        raise InvalidData("open311_description_too_long", details={"description": ["length"]},
                          max=DESCRIPTION_MAX)
    attributes = _attributes(getlist, names, service)
    payload: dict[str, Any] = {
        "kind": attributes.get("kind", ["complaint"])[0],
        "title": _title(attributes, description), "description": description,
        "category": service, "region": _region(attributes, address_id, default_region),
        "location": address,
        "anonymous": _flag(attributes, "anonymous", service),
        "confidential": _flag(attributes, "confidential", service),
        "reporter": _reporter(getlist),
    }
    if coordinates is not None:
        payload["latitude"], payload["longitude"] = coordinates
    if "event_date" in attributes:
        moment = parse_datetime(attributes["event_date"][0], "attribute[event_date]")
        payload["event_date"] = moment.astimezone(WIB).date().isoformat()
    return payload


def file_request(getlist: Form, names: list[str], key: ApiKey,
                 default_region: str | None = None) -> Receipt:
    """File the POSTed report as a case with channel `open311`, recording the client's key."""
    payload = intake_payload(getlist, names, default_region)
    try:
        intake = load_intake(payload, Channel.OPEN311)
    except ValidationError as exc:
        fields = {_FIELD_NAMES.get(name, name): ["invalid"] for name in exc.messages}
        raise InvalidData("open311_invalid_fields", details=fields,
                          fields=", ".join(sorted(fields))) from None
    receipt = submit_case(intake)
    if receipt.repeated:  # the same report again: its id, no second case (nor record)
        return receipt
    db.session.add(FiledRequest(case_id=receipt.case.id, key_id=key.id))
    db.session.flush()
    return receipt
