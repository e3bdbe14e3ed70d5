"""The graph of one process: flows between real nodes, one start, everything reachable.

Each node is then handed to the convention checks of its kind (lanes and statuses, forms,
timers, scripts and conditions).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from engine.lint import forms, lanes, scripts, timers
from engine.lint.elements import (
    ACTIVITIES,
    FLOW_NODES,
    NS,
    REFUSED_NODES,
    El,
    Issues,
    Names,
    Rules,
    is_bpmn,
    local,
    node_lanes,
)
from engine.types import ValidationIssue, Vocabulary


@dataclass
class _Graph:
    """A process's nodes by id, with the flows leaving each and the sources entering each."""

    nodes: dict[str, El]
    outgoing: dict[str, list[El]] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)
    attached: dict[str, list[str]] = field(default_factory=dict)  # host -> boundary events


def _flow_issues(process: El, graph: _Graph) -> Issues:
    """Index the sequence flows, refusing one whose end is not a node of the process."""
    for flow in process.xpath("bpmn:sequenceFlow", namespaces=NS):
        fid, source, target = flow.get("id", ""), flow.get("sourceRef"), flow.get("targetRef")
        for end, ref in (("source", source), ("target", target)):
            if ref not in graph.nodes:
                message = f"sequence flow {end} {ref!r} is not a node of the process"
                yield ValidationIssue(fid, message)
        graph.outgoing.setdefault(source or "", []).append(flow)
        graph.sources.setdefault(target or "", []).append(source or "")


def _boundary_issues(graph: _Graph) -> Issues:
    """Index boundary events by host, refusing one not attached to a task."""
    for ident, node in graph.nodes.items():
        if local(node) == "boundaryEvent":
            host = node.get("attachedToRef", "")
            if host not in graph.nodes or local(graph.nodes[host]) not in ACTIVITIES:
                yield ValidationIssue(ident, f"boundary event is attached to {host!r}, not a task")
            graph.attached.setdefault(host, []).append(ident)


def _reached(graph: _Graph, starts: list[str]) -> set[str]:
    """Every node a token can reach from the start, along flows and onto boundary events."""
    reached = set(starts)
    queue = deque(starts)
    while queue:
        current = queue.popleft()
        nexts = [f.get("targetRef", "") for f in graph.outgoing.get(current, [])]
        for ident in nexts + graph.attached.get(current, []):
            if ident in graph.nodes and ident not in reached:
                reached.add(ident)
                queue.append(ident)
    return reached


def process_issues(
    process: El, known_forms: Names, known_rules: Rules, vocabulary: Vocabulary
) -> Issues:
    """Graph and convention checks for one process."""
    pid = process.get("id", "")
    kinds = FLOW_NODES | REFUSED_NODES
    graph = _Graph({n.get("id", ""): n for n in process if is_bpmn(n) and local(n) in kinds})
    yield from _flow_issues(process, graph)
    starts = [i for i, n in graph.nodes.items() if local(n) == "startEvent"]
    if len(starts) != 1:
        yield ValidationIssue(pid, f"a process needs exactly one start event, found {len(starts)}")
    yield from _boundary_issues(graph)
    reached = _reached(graph, starts)
    in_lane = node_lanes(process)
    for ident, node in graph.nodes.items():
        kind = local(node)
        if not ident:
            yield ValidationIssue(pid, f"a {kind} has no id")
            continue
        if kind in REFUSED_NODES:
            continue  # already refused by kind; its place in the graph is moot
        if ident not in reached:
            yield ValidationIssue(ident, f"{kind} cannot be reached from the start event")
        out = graph.outgoing.get(ident, [])
        if kind != "endEvent" and not out:
            yield ValidationIssue(ident, f"{kind} has no outgoing sequence flow")
        if kind == "endEvent":
            if out:
                yield ValidationIssue(ident, "end event cannot have outgoing flows")
            entering = [graph.nodes.get(s) for s in graph.sources.get(ident, [])]
            yield from lanes.end_status_issues(node, entering, vocabulary)
        yield from lanes.human_task_issues(node, kind, in_lane.get(ident), vocabulary)
        yield from forms.form_issues(node, kind, known_forms)
        yield from scripts.script_issues(node, kind)
        yield from timers.timer_issues(node, kind, known_rules)
        yield from scripts.condition_issues(node, kind, out)
