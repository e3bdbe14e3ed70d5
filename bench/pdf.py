"""PDF render time: the disposition letter and a case file of ~50 audit events.

    .venv/bin/python bench/pdf.py [--runs 7] [--events 50]

Runs against a scratch SQLite database in a temporary directory (rendering does not depend
on the database: the context is built once per document and then only WeasyPrint is timed,
plus one "total" figure that includes building the context from the database). Reports the
first (cold: fonts loaded and subset for the first time in the process) and the median and
p95 of the following runs, and the page count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               "unknown")
    mem_gib = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return f"{os.cpu_count()} CPUs ({cpu}), {mem_gib:.0f} GiB RAM, Python {sys.version.split()[0]}"


def stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"median_ms": statistics.median(ordered) * 1000,
            "p95_ms": ordered[round(0.95 * (len(ordered) - 1))] * 1000}


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--events", type=int, default=50)
    return parser.parse_args()


def _case_with_events(events: int) -> Any:
    """A verified case whose audit trail holds `events` events (at least the walk's 7)."""
    from flask_migrate import upgrade

    from domain.audit import operations as audit
    from domain.db import db
    from tests.factories import build_world, complete, submit

    upgrade()
    users = build_world()["users"]
    case = submit().case
    complete(case, "verify", users["verifier"], decision="valid",
             summary="Obat hipertensi kosong di Puskesmas Medan Baru",
             unit_code="medan.health")
    for n in range(max(events - 7, 0)):  # the walk above wrote 7 events
        audit.record("note_added", actor=f"user:{users['liaison.health'].id}",
                     case_id=case.id, payload={"note_id": n, "internal": True})
    db.session.commit()
    return case


def _measure(template: str, build: Any, runs: int) -> dict[str, Any]:
    """Time WeasyPrint alone (cold + `runs`), then whole renders with the context rebuilt."""
    from pypdf import PdfReader

    from reports.render import render_template

    ctx = build()
    timings, pdf = [], b""
    for _ in range(runs + 1):
        start = time.perf_counter()
        pdf = render_template(template, **ctx).pdf
        timings.append(time.perf_counter() - start)
    totals = []
    for _ in range(max(runs // 2, 3)):
        start = time.perf_counter()
        render_template(template, **build())
        totals.append(time.perf_counter() - start)
    return {"cold_ms": timings[0] * 1000, **stats(timings[1:]),
            "total_median_ms": statistics.median(totals) * 1000,
            "pages": len(PdfReader(BytesIO(pdf)).pages), "bytes": len(pdf)}


def _print_report(results: dict[str, Any], args: argparse.Namespace) -> None:
    print(f"machine: {machine()}")
    print(f"runs: {args.runs} (+1 cold), case file events: {args.events}")
    for name, row in results.items():
        print(f"{name:<12} pages {row['pages']}  {row['bytes'] // 1024} KiB  "
              f"cold {row['cold_ms']:.0f} ms  median {row['median_ms']:.0f} ms  "
              f"p95 {row['p95_ms']:.0f} ms  "
              f"with context from the DB {row['total_median_ms']:.0f} ms")
    ratio = results["casefile"]["median_ms"] / results["disposition"]["median_ms"]
    print(f"case file / letter median ratio: {ratio:.2f}")


def main() -> None:
    args = _parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="aduan-bench-pdf-"))
    os.environ.setdefault("ADUAN_REDIS_URL", "redis://127.0.0.1:1/0")  # no Redis needed
    from domain.clock import clock
    from jobs import dispatch
    from reports import context
    from web.app import create_app

    app = create_app({"database_url": f"sqlite:///{data_dir / 'bench.db'}",
                      "data_dir": data_dir, "secret_key": "bench"})
    dispatch.breaker.trip()  # nothing to enqueue to
    results: dict[str, Any] = {}
    with app.app_context():
        case = _case_with_events(args.events)
        now = clock.now()
        documents = {
            "disposition": ("disposition.html", lambda: context.disposition(case, "ND/1", now)),
            "casefile": ("casefile.html", lambda: context.casefile(case, now)),
        }
        for name, (template, build) in documents.items():
            results[name] = _measure(template, build, args.runs)
    _print_report(results, args)


if __name__ == "__main__":
    main()
