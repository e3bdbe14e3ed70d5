"""The dicts GeoReport v2 answers with, from the domain's plain data and wording's words.

Only what may be published goes in: codes, labels, masked citizen text, times with their
timezone. Nothing of the reporter (name, contact, the reporter row) is ever read here.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from domain.open311.requests import PublicRequest, open311_status
from domain.open311.services import attributes_of
from web.open311.render import w3c
from wording import labels
from wording import open311 as words

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-04T00:00:00+07:00"  # when this endpoint last changed what it answers


def service_json(code: str) -> dict[str, Any]:
    return {"service_code": code, "service_name": labels.category(code), "description": None,
            "metadata": bool(attributes_of(code)), "type": "realtime", "keywords": None,
            "group": None}


def _attribute_json(attribute: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "variable": attribute.variable, "code": attribute.code,
        "datatype": attribute.datatype, "required": attribute.required,
        "datatype_description": words.datatype_description(attribute.datatype),
        "order": attribute.order, "description": words.attribute_description(attribute.code),
    }
    if attribute.values:
        body["values"] = [{"key": value, "name": words.value_name(attribute.code, value)}
                          for value in attribute.values]
    return body


def definition_json(code: str) -> dict[str, Any]:
    return {"service_code": code,
            "attributes": [_attribute_json(a) for a in attributes_of(code)]}


def request_json(found: PublicRequest) -> dict[str, Any]:
    """One service request; `status_notes` says the internal status in words."""
    return {
        "service_request_id": found.tracking_id,
        "status": open311_status(found.status),
        "status_notes": labels.status(found.status),
        "service_name": labels.category(found.category),
        "service_code": found.category,
        "description": found.description,
        "agency_responsible": found.agency,
        "service_notice": None,
        "requested_datetime": w3c(found.submitted_at),
        "updated_datetime": w3c(found.updated_at),
        "expected_datetime": w3c(found.due_at),
        "address": found.address,
        "address_id": found.region_code,
        "zipcode": None,
        "lat": found.latitude,
        "long": found.longitude,
        "media_url": None,
    }


def discovery_json() -> dict[str, Any]:
    return {
        "changeset": CHANGESET,
        "contact": str(words.CONTACT),
        "key_service": str(words.KEY_SERVICE),
        "endpoints": [{
            "specification": SPECIFICATION,
            "url": url_for("open311.discovery", fmt="json", _external=True).rsplit("/", 1)[0],
            "changeset": CHANGESET,
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    }
