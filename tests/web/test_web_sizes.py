"""web/ stays in small pieces: no module over 400 lines, no function over 60."""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "web"
MODULE_MAX = 400
FUNCTION_MAX = 60


def _modules() -> list[Path]:
    modules = sorted(WEB.rglob("*.py"))
    assert modules  # the walk found the package
    return modules


def test_no_web_module_exceeds_400_lines():
    big = {str(p.relative_to(WEB)): n for p in _modules()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_MAX}
    assert big == {}


def test_no_web_function_exceeds_60_lines():
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > FUNCTION_MAX:
                    long[f"{path.relative_to(WEB)}:{node.name}"] = lines
    assert long == {}
