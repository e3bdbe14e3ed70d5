"""Restricted evaluation of the Python that process owners write into BPMN and DMN.

SpiffWorkflow runs scripts, conditions, timer expressions and DMN entries through plain
`eval`/`exec` with full builtins: whoever uploads a diagram could run any code on our servers.
Here every such string passes two independent gates. `check_expression` (at upload, and again
before first use) walks the AST against an allow-list stricter than RestrictedPython's, then
compiles under RestrictedPython's policy. At run time the code only sees the guards of
`engine.guards`: attribute access limited to plain data types, no modules, a capped `range`,
size-checked operators, and a per-evaluation step budget that holds on any thread (plus a
CPU-time limit where a timer signal can be armed, on the main thread). `RestrictedEnvironment`
plugs this into SpiffWorkflow with the data semantics of its `TaskDataEnvironment`.
"""

from __future__ import annotations

import ast
import re
import signal
import threading
import time
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from RestrictedPython import compile_restricted_eval, compile_restricted_exec
from RestrictedPython.transformer import RestrictingNodeTransformer, copy_locations
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from engine.guards import (
    MAX_INT_BITS,
    MAX_RANGE,
    MAX_SEQUENCE,
    MAX_STEPS,
    REFUSED_ATTRS,
    SAFE_BUILTINS,
    Budget,
    ExpressionError,
)

__all__ = [
    "MAX_INT_BITS", "MAX_RANGE", "MAX_SEQUENCE", "MAX_SOURCE_CHARS", "MAX_STEPS",
    "SAFE_BUILTINS", "TIME_LIMIT_SECONDS", "ExpressionError", "RestrictedEnvironment",
    "check_expression", "time_limit",
]

TIME_LIMIT_SECONDS = 2.0
MAX_SOURCE_CHARS = 20_000

Mode = Literal["eval", "exec"]
Data = dict[str, Any]
External = Mapping[str, Any] | None


# --- gate 1: the AST allow-list -------------------------------------------------------------

_ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    ast.Module, ast.Expression, ast.Expr, ast.Assign, ast.AugAssign, ast.If, ast.For, ast.Break,
    ast.Continue, ast.Pass, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.IfExp, ast.Compare, ast.Call,
    ast.keyword, ast.Starred, ast.Constant, ast.Attribute, ast.Subscript, ast.Slice, ast.Name,
    ast.Dict, ast.Set, ast.List, ast.Tuple, ast.ListComp, ast.SetComp, ast.DictComp,
    ast.GeneratorExp, ast.comprehension, ast.JoinedStr, ast.FormattedValue,
    ast.Load, ast.Store, ast.boolop, ast.operator, ast.unaryop, ast.cmpop,
)
_REFUSED_WHY: dict[type[ast.AST], str] = {
    ast.Import: "imports are", ast.ImportFrom: "imports are", ast.While: "while loops are",
    ast.FunctionDef: "functions are", ast.AsyncFunctionDef: "functions are",
    ast.Lambda: "lambda functions are", ast.ClassDef: "classes are", ast.Global: "global is",
    ast.Nonlocal: "nonlocal is", ast.Await: "await is", ast.Yield: "yield is",
    ast.YieldFrom: "yield is", ast.Try: "try blocks are", ast.With: "with blocks are",
    ast.Raise: "raise is", ast.Delete: "del is", ast.Pow: "the ** operator is",
    ast.MatMult: "the @ operator is",
}
# Builtins that expose interpreter internals or I/O. They are absent at run time anyway;
# refusing calls to them at upload gives the process owner a clear reason early.
_REFUSED_CALLS = frozenset({
    "getattr", "setattr", "delattr", "hasattr", "eval", "exec", "open", "compile",
    "globals", "locals", "vars", "type", "dir", "breakpoint", "input", "help", "print",
    "memoryview", "bytearray", "object", "super", "classmethod", "staticmethod",
    "property", "iter", "next", "pow", "id", "exit", "quit",
})
_BIG_NUMBER = re.compile(r"\d{5,}")


def _node_problem(node: ast.AST) -> str | None:
    """The reason one AST node is not allowed, or None if it is."""
    kind = type(node)
    if kind in _REFUSED_WHY:
        return f"{_REFUSED_WHY[kind]} not allowed"
    if not isinstance(node, _ALLOWED_NODES):
        return f"{kind.__name__} is not allowed"
    if isinstance(node, ast.Name) and node.id.startswith("_"):
        return f"names starting with '_' are not allowed ({node.id!r})"
    if isinstance(node, ast.Attribute):
        if node.attr.startswith("_"):
            return f"attributes starting with '_' are not allowed ({node.attr!r})"
        if node.attr in REFUSED_ATTRS:
            return f"the attribute {node.attr!r} is not allowed"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id in _REFUSED_CALLS:
            return f"{node.func.id}() is not available"
    if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
        for part in ast.walk(node.format_spec):
            if part is not node.format_spec and isinstance(part, ast.FormattedValue):
                return "computed format specs in f-strings are not allowed"
            if isinstance(part, ast.Constant) and _BIG_NUMBER.search(str(part.value)):
                return "format widths of 10000 or more are not allowed"
    return None


def check_expression(source: str, mode: Mode) -> None:
    """Refuse `source` unless it is plain data manipulation we are willing to run.

    Run on every expression at upload, and (cached) again before first use at run time, so
    a definition stored before a rule tightened is still checked before it runs.
    """
    _checked_code(source, mode)


def _checked_code(source: str, mode: Mode) -> types.CodeType:
    """Validate the arguments, then check and compile through the bounded cache."""
    if mode not in ("eval", "exec") or not isinstance(source, str):
        raise ExpressionError(f"cannot check a {type(source).__name__} in mode {mode!r}")
    if len(source) > MAX_SOURCE_CHARS:
        raise ExpressionError(f"expression is longer than {MAX_SOURCE_CHARS} characters")
    # XML text often carries indentation; an expression is one logical line anyway.
    return _compiled(source.strip() if mode == "eval" else source, mode)


@lru_cache(maxsize=2_048)
def _compiled(source: str, mode: Mode) -> types.CodeType:
    """Check and compile once per (source, mode): the same conditions run on every step."""
    _check_tree(source, mode)
    return _restricted_compile(source, mode)


def _check_tree(source: str, mode: Mode) -> None:
    """Parse with Python's own parser and walk the AST against the allow-list."""
    what = "expression" if mode == "eval" else "script"
    try:
        tree = ast.parse(source, mode=mode)
    except SyntaxError as exc:
        message = f"{what} is not valid Python: {exc.msg} (line {exc.lineno})"
        raise ExpressionError(message) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ExpressionError(f"{what} could not be parsed: {exc}") from None
    for node in ast.walk(tree):
        problem = _node_problem(node)
        if problem:
            where = f" (line {node.lineno})" if hasattr(node, "lineno") else ""
            raise ExpressionError(f"{what} refused: {problem}{where}")


# --- gate 2: RestrictedPython compile with size-checked operators ----------------------------


class _Policy(RestrictingNodeTransformer):
    """RestrictedPython's policy, plus routing what can build or loop through the budget.

    Every binary operator goes through `_checked_op_` (size checks before, payment after);
    displays, f-strings and comprehension results through `_sized_`; comparison operands
    through `_scan_`. Iteration is already routed through `_getiter_` by RestrictedPython:
    since `while`, functions and lambdas are refused, every loop body and every
    comprehension element pulls exactly one item from a `_getiter_` iterator, which is
    where the budget counts steps (so no separate step call is injected into loop bodies).
    """

    _SYMBOLS = {
        ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
        ast.Mod: "%", ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&",
        ast.BitXor: "^",
    }

    @staticmethod
    def _call(guard: str, node: ast.expr, *args: ast.expr) -> ast.Call:
        call = ast.Call(func=ast.Name(guard, ast.Load()), args=[*args, node], keywords=[])
        copy_locations(call, node)
        return call

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        symbol = self._SYMBOLS.get(type(node.op))
        if symbol is None:
            self.error(node, "the ** and @ operators are not allowed")
            return node
        node = self.node_contents_visit(node)
        call = ast.Call(
            func=ast.Name("_checked_op_", ast.Load()),
            args=[ast.Constant(symbol), node.left, node.right], keywords=[],
        )
        copy_locations(call, node)
        return call

    def _sized(self, node: ast.expr) -> ast.AST:
        node = self.node_contents_visit(node)
        return self._call("_sized_", node)

    def _display(self, node: ast.List | ast.Tuple | ast.Set | ast.Dict) -> ast.AST:
        node = self.node_contents_visit(node)
        if isinstance(node, ast.List | ast.Tuple) and not isinstance(node.ctx, ast.Load):
            return node  # an assignment target
        items = [*node.keys, *node.values] if isinstance(node, ast.Dict) else node.elts
        if not items or (isinstance(node, ast.Tuple) and all(
            isinstance(item, ast.Constant) for item in items
        )):
            return node  # empty, or a constant the compiler builds once
        return self._call("_sized_", node)

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        """`in` scans a list or text, `==` and `<` walk both sides: pay for each operand."""
        node = self.node_contents_visit(node)
        operands = [node.left, *node.comparators]
        for index, operand in enumerate(operands):
            if isinstance(operand, ast.Constant):
                continue
            before = node.ops[index - 1] if index else None
            after = node.ops[index] if index < len(node.ops) else None
            if isinstance(before, ast.In | ast.NotIn):
                kind = "in"
            elif any(not isinstance(op, ast.Is | ast.IsNot | ast.In | ast.NotIn | None)
                     for op in (before, after)):
                kind = "compare"
            else:
                continue
            operands[index] = self._call("_scan_", operand, ast.Constant(kind))
        node.left, node.comparators = operands[0], operands[1:]
        return node

    visit_ListComp = visit_SetComp = visit_DictComp = visit_JoinedStr = _sized
    visit_List = visit_Tuple = visit_Set = visit_Dict = _display

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.AST:
        # The spec stays a plain f-string: the AST check allows only constant specs there.
        node.value = self.visit(node.value)
        return node


def _restricted_compile(source: str, mode: Mode) -> types.CodeType:
    """Compile under RestrictedPython; its errors become one ExpressionError."""
    compiler = compile_restricted_eval if mode == "eval" else compile_restricted_exec
    try:
        # Filename "<string>" lets SpiffWorkflow point at the failing line of a script.
        result = compiler(source, filename="<string>", policy=_Policy)
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ExpressionError(f"expression could not be compiled: {exc}") from None
    if result.errors or result.code is None:
        raise ExpressionError("; ".join(result.errors) or "expression could not be compiled")
    return result.code


# --- running -------------------------------------------------------------------------------

# What the workflow serializer can write as JSON: a script may not leave anything else behind.
_STORABLE: tuple[type, ...] = (str, int, float, bool, type(None), datetime, timedelta)


def _storable(value: Any, room: list[int], depth: int = 0) -> bool:
    """Whether the serializer can write `value`; `room` counts the items it would write.

    A shared reference is written once per place it appears (`x = [x, x]` doubles), so
    the count runs over the tree, and stops the walk past MAX_SEQUENCE items.
    """
    room[0] -= 1
    if room[0] < 0:
        raise ExpressionError(f"script left more than {MAX_SEQUENCE} items in task data")
    if isinstance(value, list | tuple):
        return depth < 32 and all(_storable(item, room, depth + 1) for item in value)
    if isinstance(value, dict):
        return depth < 32 and all(_storable(item, room, depth + 1) for item in value.values())
    return isinstance(value, _STORABLE)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` of the process's CPU time with ExpressionError.

    CPU time (ITIMER_PROF), not wall time: what a runaway expression burns is CPU, and a
    wall-clock limit also fired on honest expressions whenever the machine was busy or a
    helper waited on the database. Uses a signal, so it only works on the main thread
    (elsewhere it is a no-op; gunicorn sync workers and RQ work horses run jobs there). It
    is an extra wall: the step budget of `engine.guards` is what bounds an evaluation on
    every thread. SIGALRM stays free for RQ's job timeout; an enclosing CPU timer that would
    fire first is left alone, a later one is re-armed on exit.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_delay, _ = signal.getitimer(signal.ITIMER_PROF)
    if 0 < outer_delay <= seconds:
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise ExpressionError(f"evaluation exceeded the time limit of {seconds:g} s")

    outer_handler = signal.signal(signal.SIGPROF, expired)
    started = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        restore = outer_handler if outer_handler is not None else signal.SIG_DFL
        signal.signal(signal.SIGPROF, restore)
        if outer_delay > 0:
            remaining = outer_delay - (time.process_time() - started)
            signal.setitimer(signal.ITIMER_PROF, max(remaining, 0.001))


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):
    """SpiffWorkflow script environment that runs everything through the sandbox.

    Data semantics follow `TaskDataEnvironment`: expressions see task data over helpers;
    scripts write new top-level variables back into the task data and leave no helpers,
    guards or builtins behind. Unlike it, variables are written back only when the script
    finishes, and only values the workflow serializer can store (no sets, generators, ...).
    """

    def __init__(
        self,
        helpers: Mapping[str, Callable[..., Any]] | None = None,
        *,
        time_limit_seconds: float = TIME_LIMIT_SECONDS,
    ):
        super().__init__({})
        self.time_limit_seconds = time_limit_seconds
        self.set_helpers(helpers or {})

    def set_helpers(self, helpers: Mapping[str, Callable[..., Any]]) -> None:
        """Rebind the helper functions, e.g. `working_days` bound to this operation's clock."""
        checked: dict[str, Callable[..., Any]] = {}
        for name, helper in helpers.items():
            if not name.isidentifier() or name.startswith("_"):
                raise ValueError(f"helper name {name!r} is not a public identifier")
            if isinstance(helper, types.ModuleType) or not callable(helper):
                raise ValueError(f"helper {name!r} must be a function, not a module or value")
            checked[name] = helper
        self.globals = checked

    def _namespace(self, *layers: Mapping[str, Any]) -> Data:
        namespace: Data = {}
        for layer in layers:
            namespace.update(layer)
        # Last, so task data can never replace a guard or the builtins.
        budget = Budget()  # one per evaluation, so no other thread spends from it
        namespace.update(budget.guards())
        namespace["__builtins__"] = budget.builtins()
        return namespace

    def evaluate(self, expression: str, context: Data, external_context: External = None) -> Any:
        """Evaluate a condition, timer or DMN expression against task data."""
        code = _checked_code(expression, "eval")
        namespace = self._namespace(self.globals, external_context or {}, context)
        with time_limit(self.time_limit_seconds):
            return eval(code, namespace)  # noqa: S307 - restricted code, guarded namespace

    def execute(self, script: str, context: Data, external_context: External = None) -> bool:
        """Run a script task (or pre/post script) and write its variables into `context`."""
        external = dict(external_context or {})
        clashes = ", ".join(sorted((set(self.globals) | set(external)) & set(context)))
        if clashes:
            raise ExpressionError(f"task data overwrites a predefined function: {clashes}")
        code = _checked_code(script, "exec")
        namespace = self._namespace(context, self.globals, external)
        with time_limit(self.time_limit_seconds):
            exec(code, namespace)  # noqa: S102 - restricted code, guarded namespace
            updates: Data = {}
            room = [MAX_SEQUENCE]
            for name, value in namespace.items():
                machinery = name.startswith("_") or name in self.globals or name in external
                if machinery or callable(value) or (name in context and context[name] is value):
                    continue
                if not _storable(value, room):
                    raise ExpressionError(
                        f"script left a {type(value).__name__} in {name!r}; task data holds "
                        "only text, numbers, lists, dicts, datetimes and timedeltas"
                    )
                updates[name] = value
        context.update(updates)
        return True
