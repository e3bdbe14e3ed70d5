"""HTTP intake and task completion through gunicorn on PostgreSQL, against a plain insert.

    .venv/bin/python bench/intake.py [--requests 2000] [--concurrency 4] [--completions 200]
                                     [--runs 3] [--json out.json] [--docs]

One invocation:
  1. creates the database `aduan_bench` (psql as postgres on 127.0.0.1), migrates it with
     `flask db upgrade` and loads the demo organisation with `flask demo`;
  2. starts a private redis-server (queues only: the dispatcher enqueues timer and outbox
     jobs after each commit) and two gunicorns on free loopback ports, 2 sync workers each,
     `--preload`: Aduan (`wsgi:app`, rate limits off via ADUAN_RATE_LIMITS_ENABLED=0) and
     the baseline (`bench/baseline_app.py`: validated JSON → one INSERT → 201);
  3. per run: the baseline, then POST /api/v1/cases, each `--requests` requests at
     `--concurrency` keep-alive clients (bench/loadgen.py, bounded in count and time), then
     `--completions` sequential task completions by the verifier (GET /api/v1/tasks?limit=1,
     then POST /api/v1/tasks/{id}/complete with its version);
  4. stops everything, drops the database, and prints a JSON summary and a markdown table
     (medians over runs); `--docs` writes the table into docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import loadgen  # noqa: E402

DB = "aduan_bench"
URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DB}"
BIN = Path(sys.executable).parent
HEADING = "## Intake and task completion (bench/intake.py)"
PASSWORD = "bench-pass"
PAYLOADS = [
    {"kind": "complaint", "title": "Obat tidak tersedia di puskesmas",
     "description": "Sudah tiga minggu obat hipertensi kosong di Puskesmas Medan Baru.",
     "category": "health", "region": "12.71", "anonymous": True, "confidential": False,
     "reporter": {"name": "Pelapor Uji", "email": "uji@example.org"}},
    {"kind": "complaint", "title": "Jalan berlubang di Jl. Gatot Subroto",
     "description": "Lubang besar di depan sekolah membahayakan pengendara motor.",
     "category": "roads", "region": "12.71", "anonymous": True, "confidential": True},
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _psql(sql: str) -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres",
                           "-v", "ON_ERROR_STOP=1", "-tAc", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def _wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def _start(stack: ExitStack, args: list[str], env: dict[str, str], log: Path) -> None:
    """Start a server process that `stack` stops (SIGTERM, then SIGKILL) when it closes."""
    out = log.open("w")
    proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT,
                            cwd=ROOT, start_new_session=True)

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


def machine() -> dict[str, Any]:
    """The facts a reader needs to compare these figures with his own machine."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown")
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kb / 1024 ** 2, 1),
            "python": platform.python_version(),
            "postgresql": _psql("SHOW server_version").split()[0]}


def _intake_request(i: int) -> tuple:
    """Each request a distinct citizen: the same contact with the same text within ten minutes
    would be an exact repeat (answered 200 with the first case, nothing filed)."""
    payload = dict(PAYLOADS[i % len(PAYLOADS)])
    if "reporter" in payload:
        payload["reporter"] = {**payload["reporter"], "email": f"uji{i}@example.org"}
    return "POST", "/api/v1/cases", payload, None


def _baseline_request(i: int) -> tuple:
    p = PAYLOADS[i % len(PAYLOADS)]
    body = {k: p[k] for k in ("title", "description", "category", "region")}
    return "POST", "/reports", body, None


def _completions(port: int, count: int, headers: dict[str, str]) -> dict[str, Any]:
    """Sequential GET inbox + POST complete, as an officer working through his queue."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    pairs, gets, posts, failed = [], [], [], 0
    for i in range(count):
        t0 = time.perf_counter()
        status, page = loadgen.request(conn, "GET", "/api/v1/tasks?limit=1", headers=headers)
        t1 = time.perf_counter()
        if status != 200 or not page["items"]:
            failed += 1
            continue
        task = page["items"][0]
        body = {"version": task["case"]["version"],
                "data": {"decision": "valid", "summary": f"Ringkasan {i}",
                         "unit_code": "medan.works" if "Jalan" in task["case"]["title"]
                         else "medan.health"}}
        status, _ = loadgen.request(conn, "POST", f"/api/v1/tasks/{task['id']}/complete",
                                    body, headers)
        t2 = time.perf_counter()
        if status != 200:
            failed += 1
            continue
        gets.append(t1 - t0)
        posts.append(t2 - t1)
        pairs.append(t2 - t0)
    conn.close()

    def q(samples: list[float]) -> dict[str, float]:
        ordered = sorted(samples)
        return {"p50_ms": round(statistics.median(ordered) * 1000, 2),
                "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2)}

    return {"completions": len(pairs), "failed": failed, "get_tasks": q(gets),
            "complete": q(posts), "get_and_complete": q(pairs),
            "per_second": round(len(pairs) / sum(pairs), 1)}


def _median_of(runs: list[dict[str, Any]], *path: str) -> float:
    values = []
    for run in runs:
        node: Any = run
        for key in path:
            node = node[key]
        values.append(node)
    return round(statistics.median(values), 2)


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for phase in ("baseline", "intake"):
        out[phase] = {k: _median_of(runs, phase, k) for k in ("rps", "p50_ms", "p95_ms")}
        out[phase]["errors"] = sum(r[phase]["errors"] for r in runs)
    out["completion"] = {f"{part}_{k}": _median_of(runs, "completion", part, k)
                         for part in ("get_tasks", "complete", "get_and_complete")
                         for k in ("p50_ms", "p95_ms")}
    out["completion"]["failed"] = sum(r["completion"]["failed"] for r in runs)
    out["intake_vs_baseline"] = round(out["intake"]["rps"] / out["baseline"]["rps"], 3)
    return out


def markdown(summary: dict[str, Any], info: dict[str, Any], args: argparse.Namespace) -> str:
    b, i, c = summary["baseline"], summary["intake"], summary["completion"]
    command = (f".venv/bin/python bench/intake.py --requests {args.requests} "
               f"--concurrency {args.concurrency} --completions {args.completions} "
               f"--runs {args.runs}")
    return "\n".join([
        HEADING, "",
        f"Command: `{command}` (creates and drops the PostgreSQL database `{DB}`; gunicorn "
        f"2 sync workers with `--preload` on 127.0.0.1 for both apps; load generator "
        f"bench/loadgen.py on the same machine, {args.concurrency} keep-alive clients, "
        f"{args.requests} requests per phase; rate limits off via "
        f"`ADUAN_RATE_LIMITS_ENABLED=0`). Medians of {args.runs} runs.", "",
        f"Machine: nproc {info['nproc']}, {info['cpu']}, {info['ram_gib']} GiB RAM, "
        f"PostgreSQL {info['postgresql']}, Python {info['python']}; measured "
        f"{info['date']}. The load generator shares the 2 CPUs with the servers and "
        f"PostgreSQL, so absolute figures are pessimistic; the ratio is from the same run.", "",
        "| endpoint | req/s | p50 | p95 |", "|---|---:|---:|---:|",
        f"| baseline: validated JSON → one INSERT → 201 (bench/baseline_app.py) | "
        f"{b['rps']:.0f} | {b['p50_ms']:.1f} ms | {b['p95_ms']:.1f} ms |",
        f"| POST /api/v1/cases (intake: validation, case + reporter rows, workflow start, "
        f"projection, audit, outbox) | {i['rps']:.0f} | {i['p50_ms']:.1f} ms | "
        f"{i['p95_ms']:.1f} ms |",
        "", f"Intake reaches {summary['intake_vs_baseline']:.0%} of the baseline's "
        f"throughput.", "",
        "| task completion, one officer, sequential | p50 | p95 |", "|---|---:|---:|",
        f"| GET /api/v1/tasks?limit=1 | {c['get_tasks_p50_ms']:.1f} ms | "
        f"{c['get_tasks_p95_ms']:.1f} ms |",
        f"| POST /api/v1/tasks/{{id}}/complete (verify → dispose) | "
        f"{c['complete_p50_ms']:.1f} ms | {c['complete_p95_ms']:.1f} ms |",
        f"| both, as the officer waits for them | {c['get_and_complete_p50_ms']:.1f} ms | "
        f"{c['get_and_complete_p95_ms']:.1f} ms |", "",
    ])


def write_docs(section: str) -> None:
    """Replace this benchmark's section of docs/performance.md (or append it)."""
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if HEADING in text:
        head, _, rest = text.partition(HEADING)
        following = rest.find("\n## ")
        text = head + section + (rest[following + 1:] if following >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--completions", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--docs", action="store_true", help="write docs/performance.md")
    return parser.parse_args()


def _create_database(stack: ExitStack) -> None:
    """A fresh `aduan_bench`, dropped again when `stack` closes."""
    _psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    _psql(f"CREATE DATABASE {DB}")
    stack.callback(_psql, f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


def _environment(tmp: str, redis_port: int) -> dict[str, str]:
    return {**os.environ, "ADUAN_DATABASE_URL": URL, "ADUAN_DATA_DIR": tmp,
            "ADUAN_SECRET_KEY": "bench-secret", "ADUAN_RATE_LIMITS_ENABLED": "0",
            "ADUAN_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "ADUAN_DEMO_PASSWORD": PASSWORD, "ADUAN_LOG_LEVEL": "WARNING",
            "BENCH_DATABASE_URL": URL}


def _start_servers(stack: ExitStack, ports: dict[str, int], env: dict[str, str],
                   tmp: str) -> None:
    """Redis, the migrated demo database, then both gunicorns, each listening."""
    _start(stack, ["redis-server", "--port", str(ports["redis"]), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no"], env, Path(tmp, "redis.log"))
    _wait_for_port(ports["redis"])
    for command in (["db", "upgrade"], ["demo"]):
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", *command], env=env,
                       cwd=ROOT, check=True, capture_output=True)
    gunicorn = [str(BIN / "gunicorn"), "-w", "2", "--preload", "--log-level", "warning"]
    _start(stack, [*gunicorn, "-b", f"127.0.0.1:{ports['aduan']}", "wsgi:app"], env,
           Path(tmp, "aduan.log"))
    _start(stack, [*gunicorn, "-b", f"127.0.0.1:{ports['baseline']}",
                   "--chdir", str(ROOT / "bench"), "baseline_app:app"], env,
           Path(tmp, "baseline.log"))
    _wait_for_port(ports["aduan"])
    _wait_for_port(ports["baseline"])


def _warm_and_log_in(ports: dict[str, int]) -> dict[str, str]:
    """Warm both apps (imports, pools, caches); return the verifier's auth headers."""
    loadgen.run(ports["baseline"], 50, 2, _baseline_request, expect=201)
    loadgen.run(ports["aduan"], 50, 2, _intake_request, expect=201)
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", ports["aduan"], timeout=30)
    status, token = loadgen.request(conn, "POST", "/api/v1/auth/token",
                                    {"username": "verifier", "password": PASSWORD})
    conn.close()
    assert status == 200, token
    return {"Authorization": f"Bearer {token['token']}"}


def _measure(ports: dict[str, int], headers: dict[str, str],
             args: argparse.Namespace) -> list[dict[str, Any]]:
    """`--runs` rounds of baseline, intake and completions, each printed as it ends."""
    runs: list[dict[str, Any]] = []
    for number in range(1, args.runs + 1):
        run = {
            "baseline": loadgen.run(ports["baseline"], args.requests, args.concurrency,
                                    _baseline_request, expect=201,
                                    max_seconds=args.max_seconds).summary(),
            "intake": loadgen.run(ports["aduan"], args.requests, args.concurrency,
                                  _intake_request, expect=201,
                                  max_seconds=args.max_seconds).summary(),
            "completion": _completions(ports["aduan"], args.completions, headers),
        }
        runs.append(run)
        print(f"run {number}: {json.dumps(run)}", file=sys.stderr)
    return runs


def _report(runs: list[dict[str, Any]], args: argparse.Namespace) -> None:
    """Print the JSON result and the markdown table; write them where asked."""
    info = {**machine(), "date": datetime.now(UTC).strftime("%Y-%m-%d")}
    result = {"machine": info, "args": vars(args) | {"json": str(args.json or "")},
              "summary": summarise(runs), "runs": runs}
    print(json.dumps(result, indent=2))
    section = markdown(result["summary"], info, args)
    print(section)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    if args.docs:
        write_docs(section)


def main() -> None:
    args = _parse_args()
    ports = {"aduan": _free_port(), "baseline": _free_port(), "redis": _free_port()}
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="aduan-bench-") as tmp:
        _create_database(stack)
        _start_servers(stack, ports, _environment(tmp, ports["redis"]), tmp)
        headers = _warm_and_log_in(ports)
        runs = _measure(ports, headers, args)
    _report(runs, args)


if __name__ == "__main__":
    main()
