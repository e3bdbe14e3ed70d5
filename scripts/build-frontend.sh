#!/usr/bin/env bash
# Build the studio's browser bundles (bpmn-js, dmn-js, bpmnlint) into web/static/build/,
# and copy the region dataset into build/regions/.
# npm ci runs only when node_modules is missing or package.json / package-lock.json changed;
# esbuild runs only when a source is newer than the last build. Nothing is fetched at run
# time and no bundle is committed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "build-frontend: npm is missing (install Node.js 18+ and npm)" >&2
    exit 1
  fi
fi
LOCK_STAMP=node_modules/.aduan-lock.sha256
lock_sum="$(cat package.json package-lock.json | sha256sum | cut -c1-64)"
if [ ! -d node_modules ] || [ "$(cat "$LOCK_STAMP" 2>/dev/null || true)" != "$lock_sum" ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$LOCK_STAMP"
fi
# Kemendagri's region codes (npm idn-area-data) land in build/regions, where
# `flask regions load` reads them (ADUAN_REGIONS_DIR); nothing is fetched at run time.
REGIONS_SRC=node_modules/idn-area-data/data
mkdir -p build/regions
for f in provinces.csv regencies.csv districts.csv villages.csv LICENSE.md; do
  cmp -s "$REGIONS_SRC/$f" "build/regions/$f" || cp "$REGIONS_SRC/$f" "build/regions/$f"
done
# The studio's role and status lists come from domain/enums.py (domain/processes/vocabulary.py);
# the file is committed, so it is rewritten only when the enums changed, which keeps the
# up-to-date check below honest. tests/studio/test_js_vocabulary_matches_enums.py fails on drift.
if [ -x .venv/bin/python ]; then
  .venv/bin/python -m domain.processes.vocabulary > frontend/vocabulary.json.new
  if cmp -s frontend/vocabulary.json.new frontend/vocabulary.json; then
    rm frontend/vocabulary.json.new
  else
    mv frontend/vocabulary.json.new frontend/vocabulary.json
    echo "==> frontend/vocabulary.json rewritten from domain/enums.py"
  fi
fi
BUILD_STAMP=web/static/build/.built
if [ -f "$BUILD_STAMP" ] && [ -z "$(find frontend package-lock.json -type f -newer "$BUILD_STAMP" -print -quit)" ]; then
  echo "==> front-end bundles up to date"
  exit 0
fi
echo "==> esbuild"
node frontend/build.mjs
touch "$BUILD_STAMP"
