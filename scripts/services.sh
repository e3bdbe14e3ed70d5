#!/usr/bin/env bash
# Make sure what the test suite talks to is there: system packages (pango for WeasyPrint,
# poppler to read PDFs back, Debian's chromium for browser tests, Dovecot for the IMAP
# poll), PostgreSQL and Redis on 127.0.0.1. Starts what is installed but not running;
# installs what is missing (as root).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need=()
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
# WeasyPrint warns (an error under the suite's filterwarnings) when HarfBuzz-Subset is absent.
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || need+=(libharfbuzz-subset0)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
# The IMAP poll is tested against a private Dovecot (tests/channels/dovecot.py); the package
# also creates the dovecot/dovenull users it runs as. No system service is started for it.
command -v dovecot >/dev/null 2>&1 || need+=(dovecot-imapd)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "==> installing system packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "warning: missing system packages (${need[*]}); install them with apt-get" >&2
  fi
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "==> starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 60); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.5; done
  psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null
fi

if ! "$ROOT/.venv/bin/python" -c "import redis; redis.Redis(host='127.0.0.1', port=6379).ping()" 2>/dev/null; then
  echo "==> starting Redis on 127.0.0.1:6379"
  mkdir -p /tmp/aduan-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp/aduan-redis --logfile /tmp/aduan-redis/redis.log
  for _ in $(seq 50); do
    "$ROOT/.venv/bin/python" -c "import redis; redis.Redis(port=6379).ping()" 2>/dev/null && break
    sleep 0.1
  done
fi
