#!/usr/bin/env bash
# Set up and run the whole suite: lint, then every test against PostgreSQL, then again
# against SQLite (browser tests run once, in the PostgreSQL pass). Extra args go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup-env.sh
bash scripts/services.sh
if [ -f package.json ]; then bash scripts/build-frontend.sh; fi

echo "==> ruff"
ruff check .
echo "==> tests on PostgreSQL"
ADUAN_TEST_DB=postgresql python -m pytest -q -p no:cacheprovider "$@"
echo "==> tests on SQLite"
ADUAN_TEST_DB=sqlite python -m pytest -q -p no:cacheprovider -m "not browser" "$@"
