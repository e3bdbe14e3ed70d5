"""docs/security.md maps every threat to a test: each test it names must exist.

A row names `tests/x.py::test_name`, and `::other_name` after it means the same file. A
renamed or deleted test would leave a threat pointing at nothing; this fails instead.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = re.compile(r"`?(tests/[\w/]+\.py)?::(\w+)")


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def test_every_test_named_in_the_security_doc_exists():
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    missing, named, current = [], 0, None
    for line in text.splitlines():
        current = None  # a bare ::name continues the file named earlier on the same line
        for path, name in REFERENCE.findall(line):
            current = path or current
            if current is None:
                continue
            named += 1
            file = ROOT / current
            if not file.is_file() or name not in _functions(file):
                missing.append(f"{current}::{name}")
    assert named > 40  # the doc does name its tests
    assert missing == []
