"""Architecture rules that code review alone would let slip."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("domain", "web", "jobs", "forms", "reports", "wsgi.py")


def _python_files() -> list[Path]:
    files: list[Path] = []
    for name in PACKAGES:
        path = ROOT / name
        files.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return files


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_only_engine_imports_spiffworkflow():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if any(name.split(".")[0] == "SpiffWorkflow" for name in _imports(path))
    ]
    assert offenders == []


def test_domain_never_imports_the_web_layer():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "domain").rglob("*.py")
        if any(name == "web" or name.startswith("web.") for name in _imports(path))
    ]
    assert offenders == []


def test_no_module_exceeds_500_lines():
    big = {
        str(path.relative_to(ROOT)): n
        for path in [*_python_files(), *(ROOT / "engine").rglob("*.py")]
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert big == {}
