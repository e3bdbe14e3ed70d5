"""Scripts that can only loop or allocate are refused at upload, naming their element.

The sandbox stops any evaluation over its step budget at run time, on every thread
(`engine.guards`); this refuses the plain cases before they are deployed: loops and
comprehensions nested deeper than MAX_NESTING, and nested iteration whose literal bounds
(`range(10000)`, a list display) multiply past the budget. Bounds computed from task data
are unknown here and count as one; the run-time budget covers them.
"""

from __future__ import annotations

import ast

from engine.guards import MAX_STEPS

MAX_NESTING = 2

_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def iteration_problem(source: str, mode: str) -> str | None:
    """Why `source` would loop or allocate past the budget, or None when it may not."""
    try:
        tree = ast.parse(source.strip() if mode == "eval" else source, mode=mode)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # the sandbox's check reports what does not parse
    walker = _Nesting()
    walker.visit_at(tree, 0, 1)
    return walker.problem


def _trip_count(node: ast.expr) -> int | None:
    """How many items iterating `node` yields, when the source alone says so."""
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return len(node.elts)
    if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
        return len(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range":
        bounds = [_literal_int(arg) for arg in node.args]
        if node.args and not node.keywords and all(b is not None for b in bounds):
            try:
                return len(range(*bounds))  # type: ignore[arg-type]
            except (ValueError, TypeError, OverflowError):
                return None
    return None


def _literal_int(node: ast.expr) -> int | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _literal_int(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


class _Nesting:
    """Walks the tree keeping how deep in iteration each node is and how often it runs."""

    def __init__(self) -> None:
        self.problem: str | None = None

    def visit_at(self, node: ast.AST, depth: int, runs: int) -> None:
        if self.problem:
            return
        if isinstance(node, ast.For):
            self.visit_at(node.iter, depth, runs)
            inner = self._enter(node, node.iter, depth, runs)
            for child in [node.target, *node.body]:
                self.visit_at(child, *inner)
            for child in node.orelse:
                self.visit_at(child, depth, runs)
        elif isinstance(node, _COMPREHENSIONS):
            level = (depth, runs)
            for generator in node.generators:
                self.visit_at(generator.iter, *level)
                level = self._enter(node, generator.iter, *level)
                for child in [generator.target, *generator.ifs]:
                    self.visit_at(child, *level)
            results = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            for child in results:
                self.visit_at(child, *level)
        else:
            for child in ast.iter_child_nodes(node):
                self.visit_at(child, depth, runs)

    def _enter(self, node: ast.AST, source: ast.expr, depth: int, runs: int) -> tuple[int, int]:
        """One more level of iteration over `source`; record a problem if it is too much."""
        depth, runs = depth + 1, runs * (_trip_count(source) or 1)
        line = getattr(node, "lineno", 1)
        if depth > MAX_NESTING and not self.problem:
            self.problem = (
                f"loops and comprehensions nested {depth} deep (line {line}); at most "
                f"{MAX_NESTING} levels are allowed"
            )
        elif runs > MAX_STEPS and not self.problem:
            self.problem = (
                f"nested iteration would run {runs} times (line {line}), over the step "
                f"limit of {MAX_STEPS}"
            )
        return depth, runs
