"""Statistics, lists, search and exports over HTTP on a PostgreSQL database of N cases.

    .venv/bin/python bench/scale.py [--cases 1000000] [--requests 100] [--keep] [--plans FILE]

One invocation:
  1. creates the database `aduan_scale` (psql as postgres on 127.0.0.1), migrates it and loads
     the demo organisation (`flask db upgrade`, `flask demo`), then fills it with `--cases`
     cases in bulk SQL (bench/scale_fill.py: 300 more agencies with 1,200 units, ~5% open, a
     few events per case, notes, ready tasks, the statistics rollup);
  2. starts a private redis-server and gunicorn (2 sync workers, `--preload`);
  3. measures, warm (5 requests first, not counted), `--requests` sequential GETs each:
     public statistics, the public scorecard page (and scorecards of distinct ranges, which
     no cache holds), the verifier's inbox (first page and a
     page 100 deep), the public case list with a filter, officer search (the national admin,
     every scope), a desk case page; then a 10,000-row CSV export, five times;
  4. prints the database size and, with `--plans`, EXPLAIN ANALYZE of the heaviest queries;
     drops the database unless `--keep`.
The last output line is one JSON object: {measure: {"p50": ms, "p95": ms}, ...} plus
"export_rows_per_s" and "database_mb".
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import intake  # noqa: E402  (its process helpers: ports, psql, gunicorn)
import scale_fill  # noqa: E402

DB = "aduan_scale"
URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DB}"
PASSWORD = "bench-pass"


def _sql(sql: str) -> str:
    import subprocess

    done = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB,
                           "-v", "ON_ERROR_STOP=1", "-qtAc", sql], capture_output=True, text=True)
    if done.returncode:  # psql's own message, not the statement echoed back
        raise SystemExit(f"psql failed ({done.returncode}): {done.stderr.strip()[:2000]}")
    return done.stdout.strip()


def fill(cases: int) -> dict[str, float]:
    """The bulk load, step by step, with each step's seconds."""
    first = int(_sql('SELECT coalesce(max(id), 0) FROM "case"'))
    version = int(_sql("SELECT max(id) FROM process_version"))
    medan = int(_sql("SELECT id FROM agency WHERE code = 'pemkot-medan'"))
    steps = {"organisation": scale_fill.ORG,
             "cases": "SELECT setseed(0.42);" + scale_fill.cases_sql(cases, version, medan),
             "events, notes, tasks": scale_fill.RELATED.replace(":first", str(first)),
             "rollup": scale_fill.ROLLUP.replace(":first", str(first))}
    seconds: dict[str, float] = {}
    for name, sql in steps.items():
        started = time.monotonic()
        _sql(sql)
        seconds[name] = round(time.monotonic() - started, 1)
        print(f"fill: {name} {seconds[name]} s", file=sys.stderr)
    return seconds


class Client:
    """One person's browser: cookies, a login through the desk form, timed GETs."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[float, bytes]:
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=120) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"GET {path}: {exc.code}") from exc
        return (time.perf_counter() - started) * 1000, body

    def login(self, username: str) -> None:
        _, page = self.get("/desk/login")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        data = urllib.parse.urlencode({"csrf_token": token, "username": username,
                                       "password": PASSWORD}).encode()
        self.opener.open(self.base + "/desk/login", data=data, timeout=60).read()


def timed(client: Client, path: str, requests: int) -> dict[str, float]:
    for _ in range(5):
        client.get(path)
    samples = sorted(client.get(path)[0] for _ in range(requests))
    return {"p50": round(statistics.median(samples), 1),
            "p95": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1)}


def _distinct_ranges(client: Client, requests: int) -> dict[str, float]:
    """Scorecards of 90-day ranges ending on distinct days: every one misses the cache, so
    this is the rollup's own cost."""
    days = _sql(f"SELECT string_agg((current_date - g)::text, ',') "
                f"FROM generate_series(1, {requests}) g").split(",")
    samples = sorted(client.get(f"/statistics/scorecards?end={day}")[0] for day in days)
    return {"p50": round(statistics.median(samples), 1),
            "p95": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1)}


def _deep_cursor() -> str:
    """The verifier's inbox cursor after 100 pages of 25 (his agency's pool of tasks)."""
    row = _sql("SELECT to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
               " || '+00:00|' || t.id FROM human_task t JOIN agency a ON a.id = t.agency_id"
               " WHERE t.state = 'ready' AND t.lane = 'coordinator' AND a.code = "
               "'pemkot-medan' ORDER BY t.due_at IS NULL, t.due_at, t.id OFFSET 2499 LIMIT 1")
    return urllib.parse.quote(row)


def measure(port: int, requests: int) -> dict[str, Any]:
    public, verifier, admin = Client(port), Client(port), Client(port)
    verifier.login("verifier")
    admin.login("admin")
    tracking = _sql("SELECT tracking_id FROM \"case\" WHERE confidential = false "
                    "ORDER BY id DESC OFFSET 1000 LIMIT 1")
    figures = {
        "public_statistics": timed(public, "/statistics", requests),
        "scorecards": timed(public, "/statistics/scorecards", requests),
        "scorecards_uncached": _distinct_ranges(public, requests // 2),
        "inbox_first_page": timed(verifier, "/desk/", requests),
        "inbox_deep_page": timed(verifier, f"/desk/?after={_deep_cursor()}", requests),
        "public_list_filtered": timed(public, "/cases?category=roads", requests),
        "officer_search": timed(admin, "/desk/cases?q=Kampung1234", requests),
        "officer_search_common_word": timed(admin, "/desk/cases?q=banjir", requests // 2),
        "case_page": timed(admin, f"/desk/cases/{tracking}", requests),
    }
    exports = []
    year_ago = _sql("SELECT (current_date - 365)::text")
    for _ in range(5):
        ms, body = admin.get(f"/desk/exports/cases.csv?limit=10000&start={year_ago}")
        exports.append((body.count(b"\n") - 1) / (ms / 1000))
    figures["export_rows_per_s"] = round(statistics.median(exports))
    return figures


PLANS = {
    "scorecards (ranking, 90 days, public)":
        "SELECT agency_id, ff_days, sum(n), sum(ff_on_time) FROM case_rollup WHERE "
        "confidential IS false AND day >= current_date - 89 GROUP BY agency_id, ff_days",
    "officer search, a rare word (title and description)":
        "SELECT count(*) FROM \"case\" c WHERE c.search_doc @@ "
        "to_tsquery('simple', 'kampung1234:*')",
    "officer search, a common word in the newest window of ids (issue 13)":
        "SELECT count(*) FROM (SELECT c.id FROM \"case\" c WHERE c.search_doc @@ "
        "to_tsquery('simple', 'banjir:*') AND c.id > (SELECT max(id) - 20000 FROM \"case\") "
        "LIMIT 1001) t",
}


def plans(path: Path) -> None:
    text = []
    for name, sql in PLANS.items():
        text.append(f"-- {name}\n" + _sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}"))
    path.write_text("\n\n".join(text) + "\n", encoding="utf-8")


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--plans", type=Path, help="write EXPLAIN ANALYZE output here")
    parser.add_argument("--stats-cache", type=int, default=60,
                        help="ADUAN_STATS_CACHE_SECONDS of the server (0: every read computes)")
    return parser.parse_args()


def main() -> None:
    args = _args()
    ports = {"aduan": intake._free_port(), "redis": intake._free_port()}
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="aduan-scale-") as tmp:
        intake._psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        intake._psql(f"CREATE DATABASE {DB}")
        if not args.keep:
            stack.callback(intake._psql, f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        env = {**intake._environment(tmp, ports["redis"]), "ADUAN_DATABASE_URL": URL,
               "ADUAN_SECURE_COOKIES": "0", "ADUAN_STATS_CACHE_SECONDS": str(args.stats_cache)}
        intake.URL = URL
        _start(stack, ports, env, tmp)
        seconds = fill(args.cases)
        figures = measure(ports["aduan"], args.requests)
        figures["database_mb"] = round(int(_sql(f"SELECT pg_database_size('{DB}')")) / 2**20)
        figures["fill_seconds"] = seconds
        figures["cases"] = int(_sql('SELECT count(*) FROM "case"'))
        figures["rollup_rows"] = int(_sql("SELECT count(*) FROM case_rollup"))
        if args.plans:
            plans(args.plans)
        print(json.dumps(figures))


def _start(stack: ExitStack, ports: dict[str, int], env: dict[str, str], tmp: str) -> None:
    import subprocess

    intake._start(stack, ["redis-server", "--port", str(ports["redis"]), "--bind",
                          "127.0.0.1", "--save", "", "--appendonly", "no"], env,
                  Path(tmp, "redis.log"))
    intake._wait_for_port(ports["redis"])
    for command in (["db", "upgrade"], ["demo"]):
        subprocess.run([str(intake.BIN / "flask"), "--app", "wsgi", *command], env=env,
                       cwd=ROOT, check=True, capture_output=True)
    intake._start(stack, [str(intake.BIN / "gunicorn"), "-w", "2", "--preload", "--log-level",
                          "warning", "-b", f"127.0.0.1:{ports['aduan']}", "wsgi:app"], env,
                  Path(tmp, "aduan.log"))
    intake._wait_for_port(ports["aduan"])


if __name__ == "__main__":
    main()
