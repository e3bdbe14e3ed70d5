"""Engine cost through the service layer on PostgreSQL, against a plain one-row insert.

    .venv/bin/python bench/engine.py [--cases 300] [--runs 3] [--json out.json]

Creates (and drops) its own database (`aduan_bench_engine_<pid>`, or ADUAN_BENCH_DB) on
127.0.0.1:5432, migrates it,
loads the demo organisation and the shipped process, then per run measures:
  - baseline: one validated row INSERT + COMMIT through the same Flask-SQLAlchemy session;
  - submit: `submit_case` (case row, reporter, engine start to the first user task, state,
    task and timer projection, audit events) + COMMIT;
  - complete: `complete_task` on the verify task (lock, engine restore + run + save,
    projection, audit) + COMMIT;
  - engine only: the same start/complete on the engine adapter without the database;
  - state bytes per case after submit and after the verify step (spec stored once per version).
Prints medians over runs of each run's median and p95, and the ratios to the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DB = os.environ.get("ADUAN_BENCH_DB", f"aduan_bench_engine_{os.getpid()}")
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DB}"


def _recreate_database() -> None:
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.exec_driver_sql(f"CREATE DATABASE {DB}")
    engine.dispose()


def _drop_database() -> None:
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    engine.dispose()


def _quantiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
    }


def machine() -> dict[str, Any]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        mem_kb = int(meminfo.read_text().split()[1])
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql_client": pg,
    }


PHASES = ("baseline", "submit", "complete", "engine_start", "engine_complete")
# Every phase also records its CPU time (`<phase>_cpu`) and SQL statements (`<phase>_sql`).
SERIES = PHASES + tuple(f"{p}_cpu" for p in PHASES) + tuple(f"{p}_sql" for p in PHASES)
_statements = [0]  # incremented by a before_cursor_execute listener (one_run installs it)


def _timed(timings: dict[str, list[float]], phase: str, step: Any, *args: Any,
           **kwargs: Any) -> Any:
    """Run `step(*args, **kwargs)`; record its wall time, CPU time and statements."""
    sql0, cpu0, t0 = _statements[0], time.process_time(), time.perf_counter()
    value = step(*args, **kwargs)
    timings[phase].append(time.perf_counter() - t0)
    timings[f"{phase}_cpu"].append(time.process_time() - cpu0)
    timings[f"{phase}_sql"].append(_statements[0] - sql0)
    return value


def _state_bytes(case_id: int) -> int:
    from domain.cases.models import WorkflowState
    from domain.db import db

    return len(json.dumps(db.session.get(WorkflowState, case_id).state))


def _baseline_insert(payload: dict[str, Any]) -> None:
    from domain.db import db

    db.session.execute(
        sa.text("INSERT INTO bench_baseline (title, body) VALUES (:t, :b)"),
        {"t": payload["title"][:200], "b": payload["description"]},
    )
    db.session.commit()


def _submit(payload: dict[str, Any]) -> Any:
    from domain.cases.intake import submit_case
    from domain.cases.schemas import load_intake
    from domain.db import db
    from domain.enums import Channel

    receipt = submit_case(load_intake(payload, Channel.API))
    db.session.commit()
    return receipt


def _complete(task_id: int, data: dict[str, Any], verifier: Any, version: int) -> None:
    from domain.cases.tasks import complete_task
    from domain.db import db

    complete_task(task_id, data, actor=verifier, expected_version=version)
    db.session.commit()


def _engine_only(timings: dict[str, list[float]], spec: Any, meta: Any,
                 data: dict[str, Any]) -> None:
    """The same start and complete on the engine adapter, without the database."""
    import engine
    from domain.cases.workflow import helpers_at
    from domain.clock import clock
    from domain.processes.vocabulary import VOCABULARY

    helpers = helpers_at(clock.now())
    facts = {"category": "health", "region": "12.71", "kind": "complaint", "title": "x"}
    started = _timed(timings, "engine_start", engine.start, spec, meta, facts, helpers,
                     vocabulary=VOCABULARY)
    _timed(timings, "engine_complete", engine.complete, spec, meta, started.state,
           started.ready_tasks[0].task_id, data, helpers, vocabulary=VOCABULARY)


def _count_statement(*_args: Any) -> None:
    _statements[0] += 1


def one_run(app: Any, cases: int) -> dict[str, Any]:
    from domain.db import db
    from domain.org.operations import find_user
    from domain.processes.operations import definition, latest_version
    from tests.factories import new_report, ready_task

    timings: dict[str, list[float]] = {k: [] for k in SERIES}
    sizes_start: list[int] = []
    sizes_verified: list[int] = []
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", _count_statement)
        verifier = find_user("verifier")
        version = latest_version()
        spec, meta, _ = definition(version.id)
        for i in range(cases):
            payload = new_report()  # a distinct report each time (never an exact repeat)
            _timed(timings, "baseline", _baseline_insert, payload)
            case = _timed(timings, "submit", _submit, payload).case
            sizes_start.append(_state_bytes(case.id))

            task = ready_task(case, "verify")
            data = {"decision": "valid", "summary": f"Ringkasan {i}",
                    "unit_code": "medan.health"}
            _timed(timings, "complete", _complete, task.id, data, verifier, case.version)
            sizes_verified.append(_state_bytes(case.id))

            _engine_only(timings, spec, meta, data)
            db.session.rollback()
        sa.event.remove(db.engine, "before_cursor_execute", _count_statement)
    result = {name: _quantiles(samples) for name, samples in timings.items()
              if not name.endswith("_sql")}
    result.update({name: statistics.median(samples) for name, samples in timings.items()
                   if name.endswith("_sql")})
    result["state_bytes_after_submit"] = statistics.median(sizes_start)
    result["state_bytes_after_verify"] = statistics.median(sizes_verified)
    result["spec_bytes_per_version"] = len(json.dumps(spec))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", dest="json_out", default=None)
    args = parser.parse_args()

    _recreate_database()
    os.environ["ADUAN_DATABASE_URL"] = URL
    os.environ.setdefault("ADUAN_DATA_DIR", "/tmp/aduan-bench-engine")
    from flask_migrate import upgrade

    from domain.db import db
    from domain.processes.operations import deploy_shipped
    from web.app import create_app
    from web.demo import load_org

    app = create_app()
    logging_off(app)
    with app.app_context():
        upgrade()
        db.session.execute(sa.text(
            "CREATE TABLE bench_baseline (id BIGSERIAL PRIMARY KEY, title VARCHAR(200) NOT NULL,"
            " body TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        ))
        from domain.org.operations import hash_password

        load_org(hash_password("bench"))
        deploy_shipped()
        db.session.commit()
    try:
        runs = [one_run(app, args.cases) for _ in range(args.runs)]
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        _drop_database()

    summary: dict[str, Any] = {"machine": machine(), "cases_per_run": args.cases,
                               "runs": args.runs}
    for key in PHASES + tuple(f"{p}_cpu" for p in PHASES):
        summary[key] = {
            q: round(statistics.median(r[key][q] for r in runs), 3)
            for q in ("median_ms", "p95_ms")
        }
    for key in (f"{p}_sql" for p in PHASES):
        summary[key] = statistics.median(r[key] for r in runs)
    for key in ("state_bytes_after_submit", "state_bytes_after_verify", "spec_bytes_per_version"):
        summary[key] = statistics.median(r[key] for r in runs)
    base = summary["baseline"]["median_ms"]
    summary["ratio_submit_to_baseline"] = round(summary["submit"]["median_ms"] / base, 1)
    summary["ratio_complete_to_baseline"] = round(summary["complete"]["median_ms"] / base, 1)
    print(json.dumps(summary, indent=2))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(summary, indent=2))


def logging_off(app: Any) -> None:
    import logging

    logging.getLogger().setLevel(logging.WARNING)


if __name__ == "__main__":
    main()
