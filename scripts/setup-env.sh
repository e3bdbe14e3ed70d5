#!/usr/bin/env bash
# Create .venv with Python 3.11 and install Aduan with its test extras. Sourced by the run
# and test scripts; re-running it is cheap (pip skips what is installed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x "$ROOT/.venv/bin/python" ]; then
  echo "==> creating .venv with $PY"
  "$PY" -m venv "$ROOT/.venv"
fi
stamp="$ROOT/.venv/.aduan-installed"
if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
  echo "==> installing Python dependencies"
  "$ROOT/.venv/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  "$ROOT/.venv/bin/python" -m pip install -q -e "$ROOT[test]" 2>&1 | grep -v "^WARNING: Location" || true
  "$ROOT/.venv/bin/python" -c "import flask, SpiffWorkflow, weasyprint, rq" 
  touch "$stamp"
fi
export PATH="$ROOT/.venv/bin:$PATH"
