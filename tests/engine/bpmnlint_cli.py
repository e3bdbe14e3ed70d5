"""bpmnlint itself (npm, installed by scripts/build-frontend.sh), run with the studio's config.

The tests need node and `node_modules/.bin/bpmnlint`; outside CI a machine without them skips,
in CI (`CI=true`) their absence fails, as the browser tests do.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "frontend" / ".bpmnlintrc"
BPMNLINT = ROOT / "node_modules" / ".bin" / "bpmnlint"
_LINE = re.compile(r"^\s+(\S+)\s+(error|warning)\s+(.+?)\s+(\S+)\s*$")


def _require_bpmnlint() -> None:
    missing = None
    if shutil.which("node") is None:
        missing = "node is not installed"
    elif not BPMNLINT.exists():
        missing = "bpmnlint is not installed (run scripts/build-frontend.sh)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: CI must run bpmnlint, not skip it")
        pytest.skip(missing)


def bpmnlint(paths: list[Path]) -> tuple[int, dict[str, set[tuple[str, str, str]]]]:
    """Exit code and, per file, the (element id, level, rule) of each finding."""
    _require_bpmnlint()
    done = subprocess.run(
        [str(BPMNLINT), "--config", str(CONFIG), *map(str, paths)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    findings: dict[str, set[tuple[str, str, str]]] = {str(p): set() for p in paths}
    current = None
    for line in done.stdout.splitlines():
        if line.strip() in findings:
            current = line.strip()
        elif current and (match := _LINE.match(line)):
            element, level, _message, rule = match.groups()
            findings[current].add((element, level, rule))
    return done.returncode, findings
