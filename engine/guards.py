"""What restricted code calls instead of Python's own attribute access, iteration and
operators, and the budget that bounds one evaluation on any thread.

`engine.sandbox` compiles process owners' Python so that every iteration, subscript,
attribute, operator, display (`[...]`, `{...}`, f-strings) and comprehension result passes
through one of these guards. Each evaluation gets its own `Budget`, reached only through
the guards in that evaluation's namespace, so threads never share a counter. Every item
iterated costs a step, and so does every item a guarded operation builds or scans; an
evaluation that spends more than MAX_STEPS is stopped with ExpressionError. The bound is
counted, not timed: it holds on every thread, where the CPU-time limit holds only on the main
one. No value built here is larger than MAX_SEQUENCE items, and what is built is paid for,
so the memory an evaluation can hold grows with the steps it may spend, not with the
loops it can nest.
"""

from __future__ import annotations

import operator
import re
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from typing import Any

from RestrictedPython.Guards import guarded_iter_unpack_sequence, guarded_unpack_sequence
from RestrictedPython.transformer import INSPECT_ATTRIBUTES

MAX_STEPS = 1_000_000  # items iterated, built or scanned by one evaluation
MAX_RANGE = 10_000
MAX_SEQUENCE = 1_000_000  # items/characters in any one value an expression builds
MAX_INT_BITS = 4_096  # large enough for money and counters, far from a memory bomb
TEXT_CHARS_PER_STEP = 32  # text is built and scanned by memcpy-speed C loops


class ExpressionError(ValueError):
    """An expression was refused (at check time) or stopped (at run time)."""


# `str.format` can walk attributes (`'{0.__class__}'.format(x)`) without `_getattr_`.
REFUSED_ATTRS = frozenset({"format", "format_map", "mro"}) | INSPECT_ATTRIBUTES

# Only plain data answers attribute access; modules, types, functions, frames, generators,
# tracebacks and anything else a helper might leak are refused.
_DATA_TYPES: tuple[type, ...] = (str, bytes, int, float, bool, list, dict, tuple, set,
                                 frozenset, date, datetime, clock_time, timedelta, Decimal,
                                 type(None))
_TEXT = (str, bytes)
_SEQUENCES = (str, bytes, list, tuple)
_GROWABLE = (list, dict, set)
_SIZED = (str, bytes, list, tuple, dict, set, frozenset)
_PERCENT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d{5,}|\d*\.(?:\*|\d{5,}))")
# Methods that take constant time and hand back an existing object (or none).
_CONSTANT_METHODS = frozenset({
    "append", "add", "discard", "get", "setdefault", "keys", "values", "items", "popitem",
})
_PADDING_METHODS = frozenset({"ljust", "rjust", "center", "zfill"})
_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "<<": operator.lshift,
    ">>": operator.rshift, "|": operator.or_, "&": operator.and_, "^": operator.xor,
}
_INPLACE: dict[str, Callable[[Any, Any], Any]] = {
    "+=": operator.iadd, "-=": operator.isub, "/=": operator.itruediv,
    "//=": operator.ifloordiv, "|=": operator.ior, "&=": operator.iand,
    "^=": operator.ixor, ">>=": operator.irshift,
}
# Builtins that walk a whole iterable; each item they take costs a step.
_CONSUMERS = ("sum", "min", "max", "any", "all", "sorted", "list", "tuple", "set", "dict")


def _cost(value: Any) -> int:
    """Steps to build or scan `value`: one per item, one per 32 characters of text."""
    if isinstance(value, _TEXT):
        return len(value) // TEXT_CHARS_PER_STEP
    if isinstance(value, _SIZED):
        return len(value)
    return 0


def _too_big(size: int) -> None:
    if size > MAX_SEQUENCE:
        raise ExpressionError(f"a value of {size} items is over the limit of {MAX_SEQUENCE}")


def _guarded_getattr_plain(obj: Any, name: str, *default: Any) -> Any:
    if not isinstance(name, str) or name.startswith("_") or name in REFUSED_ATTRS:
        raise ExpressionError(f"the attribute {name!r} is not allowed")
    if not isinstance(obj, _DATA_TYPES):
        raise ExpressionError(f"attributes of {type(obj).__name__} objects are not available")
    return getattr(obj, name, *default)


def _check_sizes(symbol: str, left: Any, right: Any) -> None:
    """Refuse `*`, `<<`, `+` and `%` before they build a memory bomb."""
    if symbol == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, _SEQUENCES) and isinstance(count, int):
                if len(seq) * count > MAX_SEQUENCE:
                    raise ExpressionError(f"repeating a sequence over {MAX_SEQUENCE} items")
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise ExpressionError("integer result too large")
    elif symbol == "<<":
        if isinstance(left, int) and isinstance(right, int):
            if right > MAX_INT_BITS or left.bit_length() + right > MAX_INT_BITS:
                raise ExpressionError("integer result too large")
    elif symbol == "+":
        if isinstance(left, _SIZED) and isinstance(right, _SIZED):
            _too_big(len(left) + len(right))
    elif symbol == "%":
        text = left.decode("latin-1") if isinstance(left, bytes) else left
        if isinstance(text, str) and _PERCENT_WIDTH.search(text):
            raise ExpressionError("%-format widths of 10000 or more are not allowed")


def _safe_range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise ExpressionError(f"range() of {len(result)} items is over the limit of {MAX_RANGE}")
    return result


def _write_guard(obj: Any) -> Any:
    if isinstance(obj, dict | list):
        return obj
    raise ExpressionError(f"{type(obj).__name__} objects cannot be modified")


def _apply(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


SAFE_BUILTINS: Mapping[str, Any] = types.MappingProxyType({
    "None": None, "True": True, "False": False,
    "len": len, "min": min, "max": max, "sum": sum, "sorted": sorted, "any": any, "all": all,
    "abs": abs, "round": round, "int": int, "float": float, "str": str, "bool": bool,
    "list": list, "dict": dict, "set": set, "tuple": tuple, "enumerate": enumerate,
    "zip": zip, "range": _safe_range, "reversed": reversed, "isinstance": isinstance,
    "divmod": divmod, "repr": repr, "ord": ord, "chr": chr,
})


class Budget:
    """The steps one evaluation may still spend, and the guards that spend them.

    One per `evaluate`/`execute` call; its guards go into that call's namespace only.
    """

    __slots__ = ("left", "limit")

    def __init__(self, steps: int = MAX_STEPS):
        self.left = steps
        self.limit = steps

    def spend(self, steps: int) -> None:
        """Take `steps` from the budget; stop the evaluation once it is overdrawn."""
        self.left -= steps
        if self.left < 0:
            raise ExpressionError(
                f"evaluation stopped: over the step limit of {self.limit} steps "
                "(items iterated, built or scanned)"
            )

    def built(self, value: Any) -> Any:
        """`_sized_`: pay for a value just built, refusing one over MAX_SEQUENCE items."""
        if isinstance(value, _SIZED):
            _too_big(len(value))
            self.spend(_cost(value))
        return value

    def scan(self, kind: str, value: Any) -> Any:
        """`_scan_`: an operand of `in` (a list or text is searched) or of `==`/`<` (walked)."""
        if kind == "in" and not isinstance(value, _SEQUENCES):
            return value  # a set or dict answers `in` by hash
        self.spend(_cost(value))
        return value

    def iterate(self, obj: Any) -> Iterator[Any]:
        """`_getiter_`: every loop and comprehension pulls its items through here."""
        return self._counted(iter(obj))

    def _counted(self, items: Iterator[Any]) -> Iterator[Any]:
        for item in items:
            self.left -= 1
            if self.left < 0:
                self.spend(0)
            yield item

    def iter_unpack(self, obj: Any, spec: Any, _getiter: Any = None) -> Any:
        return guarded_iter_unpack_sequence(obj, spec, self.iterate)

    def unpack(self, obj: Any, spec: Any, _getiter: Any = None) -> Any:
        return guarded_unpack_sequence(obj, spec, self.iterate)

    def getitem(self, obj: Any, key: Any) -> Any:
        """`_getitem_`: a slice is a copy, paid for like any value built."""
        value = obj[key]
        return self.built(value) if isinstance(key, slice) else value

    def binary(self, symbol: str, left: Any, right: Any) -> Any:
        """`_checked_op_`: every binary operator, size-checked before and paid for after."""
        _check_sizes(symbol, left, right)
        return self.built(_BINARY[symbol](left, right))

    def inplace(self, op: str, target: Any, value: Any) -> Any:
        """`_inplacevar_`: `x += y` and friends, with the checks of the plain operators."""
        if op in ("*=", "<<=", "%="):
            return self.binary(op[:-1], target, value)
        apply = _INPLACE.get(op)
        if apply is None:
            raise ExpressionError(f"the {op} operator is not allowed")
        _check_sizes(op[:-1], target, value)
        if isinstance(target, _GROWABLE):
            self.spend(_cost(value))  # grows in place: pay for what is added
            result = apply(target, value)
            _too_big(len(result))
            return result
        return self.built(apply(target, value))

    def getattr(self, obj: Any, name: str, *default: Any) -> Any:
        """`_getattr_`: plain data only, and its methods metered."""
        value = _guarded_getattr_plain(obj, name, *default)
        if isinstance(value, types.BuiltinMethodType):
            return self._metered(obj, name, value)
        return value

    def _metered(self, obj: Any, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if name in _CONSTANT_METHODS or (name == "pop" and not args):
                self.spend(1)
                return method(*args, **kwargs)
            if name == "join" and args:
                parts = list(self.iterate(args[0]))
                sizes = sum(len(p) for p in parts if isinstance(p, _TEXT))
                _too_big(sizes + len(obj) * max(len(parts) - 1, 0))
                args = (parts, *args[1:])
            else:
                _check_method(obj, name, args, kwargs)
            self.spend(1 + _cost(obj))
            result = self.built(method(*args, **kwargs))
            if isinstance(obj, _GROWABLE):
                _too_big(len(obj))  # extend/update from an iterator, paid for as it ran
            return result

        return call

    def consumer(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """A builtin that walks its iterable argument: each item costs a step."""

        def call(*args: Any, **kwargs: Any) -> Any:
            if len(args) == 1 and not isinstance(args[0], _SIZED):
                args = (self.iterate(args[0]),) if _iterable(args[0]) else args
            else:
                self.spend(sum(len(a) for a in args if isinstance(a, _SIZED)))
            if func is sum and len(args) == 2 and isinstance(args[1], _SIZED):
                return self._sum_sequences(args[0], args[1])
            return self.built(func(*args, **kwargs))

        return call

    def _sum_sequences(self, items: Iterable[Any], start: Any) -> Any:
        """`sum(lists, [])` copies its growing result once per item: check and pay first."""
        parts = list(items)
        total = len(start) + sum(len(p) for p in parts if isinstance(p, _SIZED))
        _too_big(total)
        self.spend(total * len(parts))
        return self.built(sum(parts, start))

    def guards(self) -> dict[str, Any]:
        """The names RestrictedPython's output and our policy call, bound to this budget."""
        return {
            "_getattr_": self.getattr, "_getitem_": self.getitem, "_getiter_": self.iterate,
            "_write_": _write_guard, "_inplacevar_": self.inplace, "_apply_": _apply,
            "_unpack_sequence_": self.unpack, "_checked_op_": self.binary,
            "_iter_unpack_sequence_": self.iter_unpack, "_sized_": self.built,
            "_scan_": self.scan,
        }

    def builtins(self) -> dict[str, Any]:
        """SAFE_BUILTINS with the iterable-walking and text-building ones metered."""
        names = dict(SAFE_BUILTINS)
        for name in _CONSUMERS:
            names[name] = self.consumer(SAFE_BUILTINS[name])
        for name in ("str", "repr"):
            names[name] = self._builder(SAFE_BUILTINS[name])
        for name, value in names.items():
            if isinstance(SAFE_BUILTINS[name], type) and value is not SAFE_BUILTINS[name]:
                names[name] = _MeteredType(SAFE_BUILTINS[name], value)
        return names

    def _builder(self, func: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return self.built(func(*args, **kwargs))

        return call


class _MeteredType:
    """A metered constructor that still answers `isinstance(x, list)` like the type."""

    __slots__ = ("_kind", "_make")

    def __init__(self, kind: type, make: Callable[..., Any]):
        self._kind = kind
        self._make = make

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._make(*args, **kwargs)

    def __instancecheck__(self, value: Any) -> bool:
        return isinstance(value, self._kind)

    def __subclasscheck__(self, kind: type) -> bool:
        return issubclass(kind, self._kind)


def _iterable(value: Any) -> bool:
    try:
        iter(value)
    except TypeError:
        return False
    return True


def _check_method(obj: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse the text and list methods that could build more than MAX_SEQUENCE at once."""
    if isinstance(obj, _TEXT):
        if name in _PADDING_METHODS and args and isinstance(args[0], int):
            _too_big(args[0])
        elif name == "expandtabs":
            tabsize = args[0] if args else kwargs.get("tabsize", 8)
            if isinstance(tabsize, int):
                _too_big(len(obj) * max(tabsize, 1))
        elif name == "replace" and len(args) >= 2 and isinstance(args[1], _TEXT):
            old, new = args[0], args[1]
            if isinstance(old, _TEXT) and len(new) > len(old):
                count = obj.count(old) if old else len(obj) + 1
                if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
                    count = min(count, args[2])
                _too_big(len(obj) + count * (len(new) - len(old)))
        elif name == "translate" and args and isinstance(args[0], dict):
            longest = max((len(v) for v in args[0].values() if isinstance(v, _TEXT)), default=1)
            _too_big(len(obj) * longest)
    elif isinstance(obj, list | set | dict) and name in ("extend", "update") and args:
        if isinstance(args[0], _SIZED):
            _too_big(len(obj) + len(args[0]))
