"""Parse uploaded BPMN/DMN XML without trusting it.

Process definitions are uploaded by process owners and are untrusted input. lxml's defaults
would happily load external DTDs, resolve entities (XXE: `file:///etc/passwd` pulled into a
script) and expand nested entities (billion laughs). BPMN and DMN never need a DOCTYPE, so
instead of trying to make entities safe we refuse any document that declares one, cap the
size, and parse with every fetching and expanding feature switched off. Every refusal is an
`UnsafeXMLError` with a sentence a process owner can act on, never an lxml traceback.
"""

from __future__ import annotations

import re

from lxml import etree

MAX_XML_BYTES = 2_000_000

# Matched on the raw bytes with NUL bytes dropped, so UTF-16/UTF-32 encodings (where every
# ASCII character is padded with NULs) cannot hide a declaration from the scan.
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class UnsafeXMLError(ValueError):
    """The XML was refused: too large, not well-formed, or carrying a DTD/entity declaration."""


def _to_bytes(data: bytes | str, what: str) -> bytes:
    """Return the document as bytes; a str is already decoded, so its encoding line goes."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        # lxml refuses str input that carries `encoding="..."`; the declaration describes
        # bytes we no longer have, so dropping it is exact, and UTF-8 is what lxml assumes.
        return _XML_DECLARATION.sub("", data.lstrip("\ufeff"), count=1).encode("utf-8")
    raise UnsafeXMLError(f"{what} file must be bytes or text, not {type(data).__name__}")


def _parser() -> etree.XMLParser:
    """A fresh parser per document: lxml parsers must not be shared between threads."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes | str, *, what: str = "BPMN") -> etree._Element:
    """Parse an uploaded document, refusing anything a BPMN/DMN file has no business doing.

    `what` names the document in messages ("BPMN", "DMN") so the modeler can show them as-is.
    """
    raw = _to_bytes(data, what)
    if len(raw) > MAX_XML_BYTES:
        raise UnsafeXMLError(
            f"{what} file is {len(raw):,} bytes; the limit is {MAX_XML_BYTES:,} bytes"
        )
    if not raw.strip():
        raise UnsafeXMLError(f"{what} file is empty")
    found = _DECLARATION.search(raw.replace(b"\x00", b""))
    if found is not None:
        kind = found.group(1).decode("ascii").upper()
        raise UnsafeXMLError(
            f"{what} file contains a{'n' if kind == 'ENTITY' else ''} {kind} declaration; "
            "entity declarations are not allowed"
        )
    try:
        root = etree.fromstring(raw, parser=_parser())
    except etree.XMLSyntaxError as exc:
        detail = str(exc.msg or exc).strip()
        raise UnsafeXMLError(f"{what} file is not well-formed XML: {detail}") from None
    except (ValueError, LookupError) as exc:  # e.g. an unknown encoding name
        raise UnsafeXMLError(f"{what} file could not be read: {exc}") from None
    # Defence in depth: the byte scan should already have caught these, but the parsed
    # document is the authority on what the parser actually saw.
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UnsafeXMLError(
            f"{what} file contains a DOCTYPE declaration; entity declarations are not allowed"
        )
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise UnsafeXMLError(f"{what} file contains entity references; they are not allowed")
    return root
