"""The graph lint and expression sweep run on every uploaded definition before SpiffWorkflow.

SpiffWorkflow's parser checks the XML schema, not the process: an unreachable task, a dead
end, a user task nobody can see or a timer with no legal rule parses fine and fails weeks
later on a live case. This module refuses such diagrams at upload, naming the element
(docs/bpmn-conventions.md), and lists every piece of Python the engine would run so each goes
through `engine.sandbox.check_expression` first. Element kinds are an allow-list: what would
reach outside the engine (service tasks, messages, signals) or what our task and timer
projection does not model (sub-processes, loops, data objects) is refused, not half-supported.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections import deque
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from lxml import etree

from engine.graph import automatic_cycles
from engine.sandbox import ExpressionError, check_expression
from engine.types import ValidationIssue

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NS = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS}

ROLES = frozenset({"coordinator", "national_admin", "liaison", "supervisor", "reporter"})
TASK_STATUSES = frozenset({"verification", "hold", "follow_up", "responded"})
END_STATUSES = frozenset({"closed", "archived"})

FLOW_NODES = frozenset({
    "startEvent", "endEvent", "userTask", "manualTask", "scriptTask", "businessRuleTask",
    "exclusiveGateway", "parallelGateway", "inclusiveGateway", "boundaryEvent",
    "intermediateCatchEvent",
})
HUMAN_TASKS = frozenset({"userTask", "manualTask"})
CONDITIONAL_GATEWAYS = frozenset({"exclusiveGateway", "inclusiveGateway"})
TIMER_EVENTS = frozenset({"boundaryEvent", "intermediateCatchEvent"})
_ACTIVITIES = frozenset({"userTask", "manualTask", "scriptTask", "businessRuleTask"})
# Refused kinds still count as graph nodes, so one refused task yields one issue, not three.
_REFUSED_NODES = frozenset({
    "task", "serviceTask", "sendTask", "receiveTask", "callActivity", "subProcess",
    "adHocSubProcess", "transaction", "intermediateThrowEvent", "eventBasedGateway",
    "complexGateway",
})

# Children allowed under any BPMN element, and per parent on top of those.
_ALWAYS = frozenset({"extensionElements", "documentation", "incoming", "outgoing"})
_CHILDREN: dict[str, frozenset[str]] = {
    "process": FLOW_NODES | {"sequenceFlow", "laneSet", "textAnnotation", "association"},
    **{parent: frozenset(children.split()) for parent, children in {
        "definitions": "process collaboration",
        "collaboration": "participant textAnnotation association",
        "laneSet": "lane", "lane": "flowNodeRef childLaneSet", "childLaneSet": "lane",
        "scriptTask": "script", "boundaryEvent": "timerEventDefinition",
        "intermediateCatchEvent": "timerEventDefinition", "timerEventDefinition": "timeDate",
        "sequenceFlow": "conditionExpression", "textAnnotation": "text",
    }.items()},
}
_WHY_REFUSED = {name: f"{what} are not supported" for name, what in {
    "sendTask": "send tasks", "receiveTask": "receive tasks", "messageFlow": "message flows",
    "callActivity": "call activities", "subProcess": "sub-processes", "transaction": "transactions",
    "adHocSubProcess": "sub-processes", "messageEventDefinition": "message events",
    "signalEventDefinition": "signal events", "intermediateThrowEvent": "throw events",
    "eventBasedGateway": "event-based gateways", "complexGateway": "complex gateways",
    "standardLoopCharacteristics": "loops", "multiInstanceLoopCharacteristics": "multi-instances",
}.items()} | {
    "serviceTask": "service tasks are not supported: nothing in a diagram may call out",
    "task": "untyped tasks are not supported; use a userTask, manualTask or scriptTask",
    "timeDuration": "timeDuration is not supported; use timeDate with working_days(n)",
    "timeCycle": "timeCycle is not supported; use timeDate with working_days(n)",
}
_EXPRESSION_TAGS = {
    (BPMN_NS, "script"): "exec", (SPIFF_NS, "preScript"): "exec",
    (SPIFF_NS, "postScript"): "exec", (BPMN_NS, "conditionExpression"): "eval",
    (BPMN_NS, "timeDate"): "eval", (BPMN_NS, "timeDuration"): "eval",
    (BPMN_NS, "timeCycle"): "eval",
}
El = etree._Element
Issues = Iterator[ValidationIssue]
Names = Collection[str]
# Known rule ids, or rule id -> its legal maximum in working days (then checked per timer).
Rules = Collection[str] | Mapping[str, int]


def _local(element: El) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _is_bpmn(element: El) -> bool:
    return isinstance(element.tag, str) and etree.QName(element).namespace == BPMN_NS


def _owner_id(element: El) -> str:
    """The id of the element itself or of its nearest ancestor that has one."""
    node: El | None = element
    while node is not None:
        if node.get("id"):
            return node.get("id", "")
        node = node.getparent()
    return ""


def _owner_node(element: El) -> El:
    """The flow node or sequence flow an expression element belongs to."""
    node = element.getparent()
    owners = FLOW_NODES | {"sequenceFlow"}
    while node is not None and not (_is_bpmn(node) and _local(node) in owners):
        node = node.getparent()
    return node if node is not None else element


def properties(node: El) -> dict[str, str]:
    """`spiffworkflow:property` name/value pairs, as the conventions define them."""
    found = node.xpath(
        "bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", namespaces=NS
    )
    return {p.get("name", ""): p.get("value", "") for p in found if p.get("name")}


def _spiff_text(node: El, name: str) -> str | None:
    found = node.xpath(f"bpmn:extensionElements/spiffworkflow:{name}", namespaces=NS)
    return found[-1].text if found else None


def timer_working_days(node: El) -> int | None:
    """n of a timer's `working_days(n)` when n is a whole-number literal; else None."""
    definition = node.find(f"{{{BPMN_NS}}}timerEventDefinition")
    text = (definition.findtext(f"{{{BPMN_NS}}}timeDate") or "") if definition is not None else ""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return None
    if (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name)
            and tree.func.id == "working_days" and len(tree.args) == 1 and not tree.keywords
            and isinstance(tree.args[0], ast.Constant) and type(tree.args[0].value) is int):
        return tree.args[0].value
    return None


def _lanes(process: El) -> dict[str, str]:
    """Flow node id -> name of the innermost lane holding it.

    Nested lanes come later in document order, so their entries overwrite their parents'.
    """
    return {
        (ref.text or "").strip(): lane.get("name", "")
        for lane in process.xpath("bpmn:laneSet//bpmn:lane", namespaces=NS)
        for ref in lane.xpath("bpmn:flowNodeRef", namespaces=NS)
    }


def _structure_issues(root: El) -> Issues:
    """Walk the BPMN elements against the allow-list of kinds and where they may appear."""
    if not (_is_bpmn(root) and _local(root) == "definitions"):
        yield ValidationIssue("", "the file is not a BPMN 2.0 definitions document")
        return
    seen: set[str] = set()
    stack = [root]
    while stack:
        parent = stack.pop()
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            ident = child.get("id")
            if ident and ident in seen:
                yield ValidationIssue(ident, "the id is used by more than one element")
            seen.add(ident or "")
            name = _local(child)
            if not _is_bpmn(child):
                if parent is not root:  # diagram interchange (bpmndi) lives at the top
                    yield ValidationIssue(_owner_id(child), f"unexpected element {child.tag}")
                continue
            if name == "extensionElements":
                continue  # read where needed; never executed as a whole
            allowed = _ALWAYS | _CHILDREN.get(_local(parent), frozenset())
            if name not in allowed:
                why = _WHY_REFUSED.get(name, f"{name} is not allowed inside {_local(parent)}")
                yield ValidationIssue(_owner_id(child), why)
                continue
            stack.append(child)


def _process_issues(process: El, known_forms: Names, known_rules: Rules) -> Issues:
    """Graph and convention checks for one process."""
    pid = process.get("id", "")
    kinds = FLOW_NODES | _REFUSED_NODES
    nodes = {n.get("id", ""): n for n in process if _is_bpmn(n) and _local(n) in kinds}
    flows = process.xpath("bpmn:sequenceFlow", namespaces=NS)
    outgoing: dict[str, list[El]] = {}
    sources: dict[str, list[str]] = {}
    for flow in flows:
        fid, source, target = flow.get("id", ""), flow.get("sourceRef"), flow.get("targetRef")
        for end, ref in (("source", source), ("target", target)):
            if ref not in nodes:
                message = f"sequence flow {end} {ref!r} is not a node of the process"
                yield ValidationIssue(fid, message)
        outgoing.setdefault(source or "", []).append(flow)
        sources.setdefault(target or "", []).append(source or "")

    starts = [i for i, n in nodes.items() if _local(n) == "startEvent"]
    if len(starts) != 1:
        yield ValidationIssue(pid, f"a process needs exactly one start event, found {len(starts)}")

    attached: dict[str, list[str]] = {}
    for ident, node in nodes.items():
        if _local(node) == "boundaryEvent":
            host = node.get("attachedToRef", "")
            if host not in nodes or _local(nodes[host]) not in _ACTIVITIES:
                yield ValidationIssue(ident, f"boundary event is attached to {host!r}, not a task")
            attached.setdefault(host, []).append(ident)
    reached = set(starts)
    queue = deque(starts)
    while queue:
        current = queue.popleft()
        nexts = [f.get("targetRef", "") for f in outgoing.get(current, [])]
        for ident in nexts + attached.get(current, []):
            if ident in nodes and ident not in reached:
                reached.add(ident)
                queue.append(ident)

    lanes = _lanes(process)
    for ident, node in nodes.items():
        kind = _local(node)
        if not ident:
            yield ValidationIssue(pid, f"a {kind} has no id")
            continue
        if kind in _REFUSED_NODES:
            continue  # already refused by kind; its place in the graph is moot
        if ident not in reached:
            yield ValidationIssue(ident, f"{kind} cannot be reached from the start event")
        if kind != "endEvent" and not outgoing.get(ident):
            yield ValidationIssue(ident, f"{kind} has no outgoing sequence flow")
        if kind == "endEvent" and outgoing.get(ident):
            yield ValidationIssue(ident, "end event cannot have outgoing flows")
        if kind == "endEvent":
            yield from _end_status_issues(node, [nodes.get(s) for s in sources.get(ident, [])])
        out = outgoing.get(ident, [])
        yield from _node_issues(node, kind, lanes.get(ident), out, known_forms, known_rules)


def _end_status_issues(node: El, sources: list[El | None]) -> Issues:
    """An end event sets the case's status, unless it only ends a non-interrupting timer's
    branch: the task the timer hangs on still waits, so the case goes on and it has none."""
    ident, status = node.get("id", ""), properties(node).get("status")
    side_branch = bool(sources) and all(
        s is not None and _local(s) == "boundaryEvent" and s.get("cancelActivity") == "false"
        for s in sources
    )
    if side_branch and status is not None:
        message = "end event after a non-interrupting timer ends only that branch; drop its status"
        yield ValidationIssue(ident, message)
    elif not side_branch and status not in END_STATUSES:
        yield ValidationIssue(ident, "end event needs a status property: closed or archived")


def _node_issues(
    node: El, kind: str, lane: str | None, out: list[El], known_forms: Names, known_rules: Rules
) -> Issues:
    """The conventions for one flow node: lanes, properties, timers, scripts, conditions."""
    ident = node.get("id", "")
    props = properties(node)
    if kind in HUMAN_TASKS:
        if lane is None:
            yield ValidationIssue(ident, f"{kind} is not in a lane; put it in a role lane")
        elif lane not in ROLES:
            roles = ", ".join(sorted(ROLES))
            yield ValidationIssue(ident, f"lane {lane!r} is not a role ({roles})")
        if props.get("status") not in TASK_STATUSES:
            statuses = ", ".join(sorted(TASK_STATUSES))
            yield ValidationIssue(ident, f"status property must be one of {statuses}")
        if "escalation" in props and not props["escalation"].isdigit():
            yield ValidationIssue(ident, "escalation property must be a whole number")
    if kind == "userTask":
        form = props.get("form")
        if not form:
            yield ValidationIssue(ident, "user task has no form property")
        elif form not in known_forms:
            yield ValidationIssue(ident, f"form {form!r} is not a known form")
    if kind == "scriptTask":
        scripts = node.xpath("bpmn:script", namespaces=NS)
        if not scripts or not (scripts[-1].text or "").strip():
            yield ValidationIssue(ident, "script task has no script")
    if kind == "businessRuleTask" and not (_spiff_text(node, "calledDecisionId") or "").strip():
        yield ValidationIssue(ident, "business rule task names no decision (calledDecisionId)")
    if kind in TIMER_EVENTS:
        timers = node.xpath("bpmn:timerEventDefinition", namespaces=NS)
        if len(timers) != 1:
            yield ValidationIssue(ident, f"{kind} must carry exactly one timer definition")
        elif not (timers[0].findtext(f"{{{BPMN_NS}}}timeDate") or "").strip():
            yield ValidationIssue(ident, "timer needs a timeDate expression, e.g. working_days(3)")
        rule = props.get("rule")
        if not rule:
            yield ValidationIssue(ident, "timer event has no rule property naming its legal rule")
        elif rule not in known_rules:
            yield ValidationIssue(ident, f"timer rule property {rule!r} is not a known legal rule")
        elif isinstance(known_rules, Mapping) and len(timers) == 1:
            yield from _ceiling_issues(node, ident, rule, known_rules[rule])
    conditional = kind in CONDITIONAL_GATEWAYS
    default = node.get("default")
    if conditional and default and default not in {f.get("id") for f in out}:
        yield ValidationIssue(ident, f"default flow {default!r} does not leave this gateway")
    for flow in out:
        has_condition = bool((flow.findtext(f"{{{BPMN_NS}}}conditionExpression") or "").strip())
        if conditional and not has_condition and flow.get("id") != default and len(out) > 1:
            message = "flow leaving a gateway needs a condition or must be its default"
            yield ValidationIssue(flow.get("id", ""), message)
        if not conditional and has_condition:
            message = f"a condition on a flow from a {kind} is ignored"
            yield ValidationIssue(flow.get("id", ""), message)


def _ceiling_issues(node: El, ident: str, rule: str, maximum: int) -> Issues:
    """A timer may be shorter than its rule's legal maximum, never longer.

    The days must be a literal (`working_days(4)`), so the check and every label showing
    the deadline can read them; an expression the sandbox refuses is reported there.
    """
    days = timer_working_days(node)
    if days is None:
        text = (node.findtext(f".//{{{BPMN_NS}}}timeDate") or "").strip()
        if text and _safe_source(text):
            yield ValidationIssue(
                ident, f"timer expression must be working_days(n) with a whole number n, so "
                f"its deadline can be checked against rule {rule}")
    elif days > maximum:
        yield ValidationIssue(
            ident, f"deadline of {days} working days exceeds the {maximum} allowed by rule {rule}")


def _safe_source(source: str) -> bool:
    try:
        check_expression(source, "eval")
    except ExpressionError:
        return False
    return True


def lint_bpmn(root: El, *, known_forms: Names, known_rules: Rules) -> list[ValidationIssue]:
    """Every convention and graph rule a BPMN tree breaks; empty when it may be deployed."""
    issues = list(_structure_issues(root))
    processes = root.xpath("//bpmn:process", namespaces=NS)
    if not processes:
        issues.append(ValidationIssue("", "the diagram holds no process"))
    for process in processes:
        issues.extend(_process_issues(process, known_forms, known_rules))
    return issues


def expressions(root: El) -> list[tuple[str, str, str]]:
    """(element id, source, mode) for every script, condition and timer in a BPMN tree.

    Scripts and pre/post scripts are named by their task, conditions by their flow and timer
    expressions by their event: the ids a process owner sees in the modeler.
    """
    found: list[tuple[str, str, str]] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or not (element.text or "").strip():
            continue
        qname = etree.QName(element)
        mode = _EXPRESSION_TAGS.get((qname.namespace, qname.localname))
        if mode and element.text:
            found.append((_owner_id(_owner_node(element)), element.text, mode))
    return found


PLACEHOLDER = "dmninputexpr"
_QUESTION_MARK = re.compile(r"""("[^"]*"|'[^']*')|\?""")


def _input_entry_source(input_expr: str, text: str) -> str:
    """The expression the DMN engine builds for one cell, so we check what will run.

    `?` outside quotes stands for the input value; a cell that parses alone is compared
    with `==`; anything else (`> 5`, `in ("a", "b")`) is appended to the input expression.
    """
    match = _QUESTION_MARK.sub(lambda m: m.group(1) or PLACEHOLDER, text)
    if PLACEHOLDER in match:
        return match
    try:
        ast.parse(match)
    except SyntaxError:
        return input_expr + match
    return f"({input_expr}) == ({match})"


def dmn_expressions(root: El) -> list[tuple[str, str, str]]:
    """(element id, source, mode) for every input expression and cell of a DMN tree.

    Matched on local names: DMN files come in three namespaces (1.1, 1.2, 1.3).
    """
    found: list[tuple[str, str, str]] = []
    for table in root.iter("{*}decisionTable"):
        inputs: list[str] = []
        for column in table.findall("{*}input"):
            source = (column.findtext("{*}inputExpression/{*}text") or "").strip()
            if source:
                found.append((_owner_id(column), source, "eval"))
            inputs.append(source or PLACEHOLDER)
        for rule in table.findall("{*}rule"):
            for index, entry in enumerate(rule.findall("{*}inputEntry")):
                text = entry.findtext("{*}text")
                if text and text != "-":
                    input_expr = inputs[index] if index < len(inputs) else PLACEHOLDER
                    found.append((_owner_id(entry), _input_entry_source(input_expr, text), "eval"))
            for entry in rule.findall("{*}outputEntry"):
                if text := entry.findtext("{*}text"):
                    found.append((_owner_id(entry), text, "eval"))
    return found


def _dmn_issues(root: El) -> Issues:
    if _local(root) != "definitions" or next(root.iter("{*}decision"), None) is None:
        yield ValidationIssue(_owner_id(root), "the DMN file holds no decision")
    for column in root.iter("{*}input"):
        if not (column.findtext("{*}inputExpression/{*}text") or "").strip():
            yield ValidationIssue(_owner_id(column), "DMN input has no input expression")


def check_all(
    bpmn_root: El, dmn_roots: Collection[El], *, known_forms: Names, known_rules: Rules
) -> list[ValidationIssue]:
    """Lint plus every expression through the sandbox: all reasons to refuse an upload."""
    issues = lint_bpmn(bpmn_root, known_forms=known_forms, known_rules=known_rules)
    issues.extend(automatic_cycles(bpmn_root))
    sources = list(expressions(bpmn_root))
    decisions: set[str] = set()
    for dmn_root in dmn_roots:
        issues.extend(_dmn_issues(dmn_root))
        sources.extend(dmn_expressions(dmn_root))
        decisions.update(e.get("id", "") for e in dmn_root.iter("{*}decision"))
    for task in bpmn_root.xpath("//bpmn:businessRuleTask", namespaces=NS):
        ref = (_spiff_text(task, "calledDecisionId") or "").strip()
        if ref and ref not in decisions:
            message = f"decision {ref!r} is not in any DMN file"
            issues.append(ValidationIssue(task.get("id", ""), message))
    for element_id, source, mode in sources:
        try:
            check_expression(source, mode)
        except ExpressionError as exc:
            issues.append(ValidationIssue(element_id, str(exc)))
    return issues


def extract_metadata(root: El) -> dict[str, dict[str, Any]]:
    """What the runtime needs per flow node without reparsing XML, stored per version."""
    meta: dict[str, dict[str, Any]] = {}
    for process in root.xpath("//bpmn:process", namespaces=NS):
        lanes = _lanes(process)
        for node in process:
            if not (_is_bpmn(node) and _local(node) in FLOW_NODES and node.get("id")):
                continue
            ident, instructions = node.get("id", ""), _spiff_text(node, "instructionsForEndUser")
            meta[ident] = {
                "kind": _local(node), "name": node.get("name"), "lane": lanes.get(ident),
                "properties": properties(node), "attached_to": node.get("attachedToRef"),
                "instructions": textwrap.dedent(instructions or "").strip(),
            }
            if _local(node) in TIMER_EVENTS:
                meta[ident]["timer_working_days"] = timer_working_days(node)
    return meta
