"""The code stays in small pieces: no module over 400 lines, no function over 60.

Every Python file of the repository counts except those under `tests/`, `migrations/`,
`.venv/` and `node_modules/`. A function may run past 60 lines only when its docstring says
why, in a sentence that starts with the marker "Long on purpose:", for example

    def render():
        \"\"\"Render the page.

        Long on purpose: one flat table of fields reads better than ten helpers.
        \"\"\"

A module has no such escape: past 400 lines it is two concepts and is split.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXCLUDED = {"tests", "migrations", ".venv", "node_modules"}
MODULE_MAX = 400
FUNCTION_MAX = 60
MARKER = "Long on purpose:"


def _modules() -> list[Path]:
    modules = sorted(
        path for path in ROOT.rglob("*.py")
        if not EXCLUDED & set(path.relative_to(ROOT).parts)
    )
    assert modules  # the walk found the code
    return modules


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _long_functions(source: str) -> dict[str, int]:
    """Functions over FUNCTION_MAX lines whose docstring does not say why, with their length."""
    long = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = node.end_lineno - node.lineno + 1
            if lines > FUNCTION_MAX and MARKER not in (ast.get_docstring(node) or ""):
                long[node.name] = lines
    return long


def test_the_walk_covers_every_package_and_skips_tests():
    names = {_name(path).split("/")[0] for path in _modules()}
    assert {"bench", "domain", "engine", "forms", "jobs", "reports", "web", "wsgi.py"} <= names
    assert not names & EXCLUDED


def test_no_module_exceeds_400_lines():
    big = {_name(p): n for p in _modules() if (n := _lines(p)) > MODULE_MAX}
    assert big == {}


def test_no_function_exceeds_60_lines():
    long = {}
    for path in _modules():
        for name, lines in _long_functions(path.read_text(encoding="utf-8")).items():
            long[f"{_name(path)}:{name}"] = lines
    assert long == {}


def test_a_long_function_passes_only_when_its_docstring_says_why():
    body = "".join(f"    x{i} = {i}\n" for i in range(FUNCTION_MAX))
    silent = f"def silent():\n    \"\"\"Do it.\"\"\"\n{body}"
    explained = (f"def explained():\n    \"\"\"Do it.\n\n    {MARKER} one flat list.\n"
                 f"    \"\"\"\n{body}")
    assert _long_functions(silent) == {"silent": FUNCTION_MAX + 2}
    assert _long_functions(explained) == {}
