"""Helpers shared by the peer benchmarks: a pinned venv in a cache dir, psql, servers, facts.

Stdlib only, so the scripts run under any Python 3.11+ (the project's .venv or the system one):
the peers' own packages live in their own venvs under `$ADUAN_BENCH_CACHE` (default
`~/.cache/aduan-bench`), never in the project's environment.
"""

from __future__ import annotations

import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

CACHE = Path(os.environ.get("ADUAN_BENCH_CACHE", Path.home() / ".cache" / "aduan-bench"))


def venv(name: str, pins: list[str]) -> Path:
    """The python of venv `name` under CACHE with exactly `pins` installed (created once)."""
    home = CACHE / name
    python = home / "bin" / "python"
    stamp = home / "aduan-pins.txt"
    wanted = "\n".join(sorted(pins)) + "\n"
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    print(f"==> creating {home} with {' '.join(pins)}", file=sys.stderr)
    home.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(home)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *pins], check=True)
    stamp.write_text(wanted)
    return python


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def psql(sql: str, database: str = "postgres") -> str:
    """Run one statement as postgres on 127.0.0.1 (trust auth) and return its bare output."""
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database,
                           "-v", "ON_ERROR_STOP=1", "-tAc", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def start(stack: ExitStack, args: list[str], env: dict[str, str], log: Path,
          cwd: Path) -> subprocess.Popen:
    """Start a server in its own session; `stack` stops it (SIGTERM, then SIGKILL)."""
    out = log.open("w")
    proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
                            start_new_session=True)

    def stop() -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        out.close()

    stack.callback(stop)
    return proc


def machine() -> dict[str, Any]:
    """The facts a reader needs to compare these figures with his own machine."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown")
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kb / 1024 ** 2, 1),
            "python": platform.python_version(),
            "loadavg": [round(x, 2) for x in os.getloadavg()]}


def median_of(rounds: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in rounds if r.get(key) is not None]
    return round(statistics.median(values), 2) if values else None


def quantiles_ms(samples: list[float]) -> dict[str, float]:
    """p50 and p95 (milliseconds) of samples in seconds, picked the way loadgen picks them."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p95_ms": round(p95 * 1000, 2)}
