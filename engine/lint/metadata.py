"""What the runtime needs per flow node without reparsing XML, stored with each version."""

from __future__ import annotations

import textwrap
from typing import Any

from engine.lint.elements import (
    FLOW_NODES,
    NS,
    TIMER_EVENTS,
    El,
    is_bpmn,
    local,
    node_lanes,
    properties,
    spiff_text,
    timer_working_days,
)


def extract_metadata(root: El) -> dict[str, dict[str, Any]]:
    """Kind, name, lane, properties, host and instructions of every flow node, by id."""
    meta: dict[str, dict[str, Any]] = {}
    for process in root.xpath("//bpmn:process", namespaces=NS):
        in_lane = node_lanes(process)
        for node in process:
            if not (is_bpmn(node) and local(node) in FLOW_NODES and node.get("id")):
                continue
            ident, instructions = node.get("id", ""), spiff_text(node, "instructionsForEndUser")
            meta[ident] = {
                "kind": local(node), "name": node.get("name"), "lane": in_lane.get(ident),
                "properties": properties(node), "attached_to": node.get("attachedToRef"),
                "instructions": textwrap.dedent(instructions or "").strip(),
            }
            if local(node) in TIMER_EVENTS:
                meta[ident]["timer_working_days"] = timer_working_days(node)
    return meta
