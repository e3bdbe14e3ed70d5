"""Graph checks the parser does not make: no loop may run without ever waiting.

A cycle made only of automatic elements (scripts, gateways, business rules) would spin in
one engine operation until SpiffWorkflow stalls; the runtime stops it with a step budget,
but a process owner should hear about it at validation, with the elements named.
"""

from __future__ import annotations

from lxml import etree

from engine.types import ValidationIssue

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
# Elements where an instance waits for a person or the clock: a cycle through one is bounded
# by people and deadlines, not by the CPU.
WAITS = {"userTask", "manualTask", "receiveTask", "intermediateCatchEvent"}


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


def automatic_cycles(root: etree._Element) -> list[ValidationIssue]:
    """One issue per loop of automatic elements, naming them (Tarjan's SCC, iterative)."""
    issues: list[ValidationIssue] = []
    for process in root.iter(f"{{{BPMN}}}process"):
        kinds = {n.get("id"): _local(n) for n in process if n.get("id")}
        edges: dict[str, list[str]] = {}
        for flow in process.iter(f"{{{BPMN}}}sequenceFlow"):
            source, target = flow.get("sourceRef"), flow.get("targetRef")
            if kinds.get(source) in WAITS or kinds.get(target) in WAITS:
                continue
            if source in kinds and target in kinds:
                edges.setdefault(source, []).append(target)
        for component in _strongly_connected(edges):
            if len(component) > 1 or component[0] in edges.get(component[0], []):
                names = ", ".join(sorted(component))
                issues.append(ValidationIssue(
                    sorted(component)[0],
                    f"these elements loop without a user task or timer in between: {names}",
                ))
    return issues


def _strongly_connected(edges: dict[str, list[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    nodes = set(edges) | {t for targets in edges.values() for t in targets}
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if child < len(targets):
                work.append((node, child + 1))
                target = targets[child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result
