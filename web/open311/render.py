"""GeoReport v2 answers in its two formats: JSON (a bare array, or an object for a service
definition and discovery) and XML (`text/xml; charset=utf-8`, with a declaration).

Both are built from the same plain dicts, so the formats cannot drift apart: a list-valued
key becomes an element holding one child per item (`attributes` → `<attribute>`), booleans
read `true`/`false`, None an empty element, every id and code a string.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

from flask import Response

from domain.sla.calendar import WIB

XML_MIMETYPE = "text/xml; charset=utf-8"
JSON_MIMETYPE = "application/json; charset=utf-8"
FORMATS = ("json", "xml")
# The child element of a list-valued key.
SINGULAR = {"attributes": "attribute", "values": "value", "endpoints": "endpoint",
            "formats": "format", "service_requests": "request", "services": "service",
            "errors": "error"}
# Characters XML 1.0 cannot carry at all (intake refuses them; this keeps XML well-formed).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w3c(moment: datetime | None) -> str | None:
    """A datetime with its timezone, in the jurisdiction's time (WIB, +07:00)."""
    if moment is None:
        return None
    return moment.astimezone(WIB).isoformat(timespec="seconds")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, key: str, value: Any) -> None:
    child = ET.SubElement(element, key)
    if isinstance(value, list):
        for item in value:
            _fill_item(child, SINGULAR.get(key, "item"), item)
    elif isinstance(value, dict):
        for k, v in value.items():
            _fill(child, k, v)
    else:
        child.text = _text(value)


def _fill_item(parent: ET.Element, tag: str, item: Any) -> None:
    if isinstance(item, dict):
        element = ET.SubElement(parent, tag)
        for key, value in item.items():
            _fill(element, key, value)
    else:
        ET.SubElement(parent, tag).text = _text(item)


def xml_bytes(root_tag: str, body: list[Any] | dict[str, Any]) -> bytes:
    """`body` under `<root_tag>`: a list gives one child per item, a dict its keys."""
    root = ET.Element(root_tag)
    if isinstance(body, list):
        for item in body:
            _fill_item(root, SINGULAR.get(root_tag, "item"), item)
    else:
        for key, value in body.items():
            _fill(root, key, value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                     xml_declaration=False)


def answer(fmt: str, root_tag: str, body: list[Any] | dict[str, Any],
           status: int = 200) -> Response:
    """`body` as JSON or as XML under `root_tag`."""
    if fmt == "xml":
        return Response(xml_bytes(root_tag, body), status=status, content_type=XML_MIMETYPE)
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status=status, content_type=JSON_MIMETYPE)


def error_answer(fmt: str, status: int, description: str) -> Response:
    """GeoReport's error shape: `[{"code": 403, "description": "…"}]` or
    `<errors><error><code>403</code><description>…</description></error></errors>`."""
    return answer(fmt, "errors", [{"code": status, "description": description}], status)


def format_of(path: str) -> str:
    """The format a path asks for by its suffix (JSON unless it ends in `.xml`)."""
    return "xml" if path.lower().endswith(".xml") else "json"
