#!/usr/bin/env bash
# Set up and run the whole system on the embedded default: SQLite, a private Redis, demo
# data; web on http://127.0.0.1:5000, an RQ worker (with RQ's scheduler) and the sweeper.
# Ctrl-C stops everything. Settings: ADUAN_* variables (see web/settings.py).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if ! dpkg -s libpango-1.0-0 libharfbuzz-subset0 >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null
fi
source scripts/setup-env.sh
if [ -f package.json ]; then bash scripts/build-frontend.sh; fi
export ADUAN_SECURE_COOKIES="${ADUAN_SECURE_COOKIES:-0}"   # plain HTTP on localhost
if [ -z "${ADUAN_AUDIT_SIGNING_KEY:-}" ]; then
  # A development key for the audit checkpoints; production keeps its own outside the database.
  KEYFILE="${ADUAN_DATA_DIR:-$ROOT/var}/audit-signing-key.pem"
  if [ ! -f "$KEYFILE" ]; then
    mkdir -p "$(dirname "$KEYFILE")"
    (umask 077; python -c "import sys; from domain.audit.signing import new_key_pem; sys.stdout.write(new_key_pem())" > "$KEYFILE")
    echo "==> made a development audit signing key: $KEYFILE"
  fi
  export ADUAN_AUDIT_SIGNING_KEY="$KEYFILE"
fi
if [ -z "${ADUAN_SIGNING_CERT:-}" ]; then
  # A self-signed development certificate for the PAdES signatures on letters and case files;
  # production sets the agency's own PKCS#12 file and its password.
  CERTFILE="${ADUAN_DATA_DIR:-$ROOT/var}/signing-dev.p12"
  PASSFILE="${ADUAN_DATA_DIR:-$ROOT/var}/signing-dev.password"
  if [ ! -f "$CERTFILE" ] || [ ! -f "$PASSFILE" ]; then
    mkdir -p "$(dirname "$CERTFILE")"
    (umask 077; python -c "import secrets; print(secrets.token_urlsafe(24))" > "$PASSFILE")
    python -c "import sys; from pathlib import Path; from reports.signing import new_development_pkcs12; new_development_pkcs12(Path(sys.argv[1]), sys.argv[2])" "$CERTFILE" "$(cat "$PASSFILE")"
    echo "==> made a self-signed development signing certificate: $CERTFILE"
  fi
  export ADUAN_SIGNING_CERT="$CERTFILE"
  ADUAN_SIGNING_CERT_PASSWORD="$(cat "$PASSFILE")"
  export ADUAN_SIGNING_CERT_PASSWORD
fi
PRIVATE_REDIS=""
if [ -z "${ADUAN_REDIS_URL:-}" ]; then
  ADUAN_REDIS_URL="$(bash scripts/redis.sh)"
  export ADUAN_REDIS_URL
  PRIVATE_REDIS="var/redis/redis.pid"
fi
echo "==> Redis at $ADUAN_REDIS_URL"
flask --app wsgi db upgrade
flask --app wsgi regions load   # Kemendagri's codes from build/regions (idempotent)
flask --app wsgi demo

pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  # The private Redis holds only queues; the sweeper rebuilds them on the next start.
  if [ -n "$PRIVATE_REDIS" ] && [ -f "$PRIVATE_REDIS" ]; then kill "$(cat "$PRIVATE_REDIS")" 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM
flask --app wsgi worker & pids+=($!)
flask --app wsgi scheduler & pids+=($!)
gunicorn --workers 2 --bind 127.0.0.1:5000 --access-logfile - wsgi:app & pids+=($!)
echo "==> Aduan is up: http://127.0.0.1:5000  (demo users: admin, verifier, liaison.health, ...; password: ${ADUAN_DEMO_PASSWORD:-aduan-demo})"
wait -n "${pids[@]}"
