"""Turning an uploaded BPMN (+ DMN) into a validated, serialized process definition.

Order matters: the hardened XML parse, the graph lint and the expression allow-list all run
before SpiffWorkflow sees the tree, so a hostile upload is refused without a single
expression of it being evaluated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.lint import check_all, extract_metadata
from engine.types import DeployError, ValidationIssue, Vocabulary
from engine.xmlsafe import UnsafeXMLError, parse_xml

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


@dataclass(frozen=True)
class CompiledProcess:
    """A definition that passed every check, ready to be stored as an immutable version."""

    process_id: str
    sha256: str
    spec: dict[str, Any]
    meta: dict[str, dict[str, Any]]


def content_hash(bpmn_xml: str, dmn_xmls: list[str], forms: Mapping[str, Any]) -> str:
    """The identity of a version: the same files deploy to the same version."""
    digest = hashlib.sha256()
    for part in (bpmn_xml, *dmn_xmls, json.dumps(forms, sort_keys=True)):
        digest.update(hashlib.sha256(part.encode()).digest())
    return digest.hexdigest()


def _executable_process_id(bpmn_root: etree._Element) -> str:
    executable = [
        p.get("id")
        for p in bpmn_root.iter(f"{{{BPMN_NS}}}process")
        if p.get("isExecutable", "true").lower() == "true"
    ]
    if len(executable) != 1:
        raise DeployError(
            [ValidationIssue("", "the diagram must hold exactly one executable process")]
        )
    return str(executable[0])


def _serialized_spec(
    bpmn_root: etree._Element, dmn_roots: list[etree._Element], process_id: str
) -> dict[str, Any]:
    """SpiffWorkflow's parse of a tree that passed our checks, serialized for storage."""
    parser = SpiffBpmnParser(validator=VALIDATOR)
    try:
        # The parser's validator checks the tree against the BPMN XSD; hand it a copy so
        # nothing it does leaks into the tree we extract metadata from.
        parser.add_bpmn_xml(etree.fromstring(etree.tostring(bpmn_root)), filename="process.bpmn")
        for index, root in enumerate(dmn_roots):
            parser.add_dmn_xml(root, filename=f"decision-{index}.dmn")
        spec = parser.get_spec(process_id)
        subprocess_specs = parser.get_subprocess_specs(process_id)
    except ValidationException as exc:
        raise DeployError([ValidationIssue(exc.id or "", exc.message or str(exc))]) from exc
    except Exception as exc:  # the parser raises plain exceptions for many malformed inputs
        raise DeployError([ValidationIssue("", f"the process could not be parsed: {exc}")]) from exc
    return {
        "spec": SERIALIZER.to_dict(spec),
        "subprocess_specs": {name: SERIALIZER.to_dict(s) for name, s in subprocess_specs.items()},
        "serializer_version": SERIALIZER.VERSION,
    }


def compile_process(
    bpmn_xml: str,
    dmn_xmls: list[str],
    forms: Mapping[str, Any],
    *,
    known_rules: Collection[str] | Mapping[str, int],
    vocabulary: Vocabulary,
) -> CompiledProcess:
    """Validate and parse; raise DeployError naming each offending element.

    `known_rules` maps each legal rule id to its maximum in working days (a timer asking
    for more is refused); a plain collection of ids checks the names only. `vocabulary`
    holds the lane roles and statuses a diagram may use (the domain's, not the engine's).
    """
    try:
        bpmn_root = parse_xml(bpmn_xml, what="BPMN")
        dmn_roots = [parse_xml(text, what="DMN") for text in dmn_xmls]
    except UnsafeXMLError as exc:
        raise DeployError([ValidationIssue("", str(exc))]) from exc

    issues = check_all(
        bpmn_root, dmn_roots, known_forms=set(forms), known_rules=known_rules,
        vocabulary=vocabulary,
    )
    if issues:
        raise DeployError(issues)

    process_id = _executable_process_id(bpmn_root)
    return CompiledProcess(
        process_id=process_id,
        sha256=content_hash(bpmn_xml, dmn_xmls, forms),
        spec=_serialized_spec(bpmn_root, dmn_roots, process_id),
        meta=extract_metadata(bpmn_root),
    )
