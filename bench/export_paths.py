"""The case export's two paths on one filled database: Python rows vs PostgreSQL's COPY.

    .venv/bin/python bench/scale.py --cases 100000 --keep      # fills `aduan_scale`
    .venv/bin/python bench/export_paths.py [--rows 10000] [--runs 7]

In one process, against the kept `aduan_scale` database, as the national auditor (every
scope, the largest export): `exports.case_rows` written by the csv module (the SQLite path
and the old PostgreSQL path) and `export_copy.csv_chunks` (COPY, the PostgreSQL path),
alternating run by run so a change in the machine's load touches both alike. Both produce
the same bytes (tests/web/test_export_copy.py); the output is each path's median rows/s
and their ratio, the last line one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.org.models import User  # noqa: E402
from domain.stats import export_copy  # noqa: E402
from domain.stats.exports import CaseExportFilters, case_rows  # noqa: E402
from web.app import create_app  # noqa: E402
from web.exports import _cell, _writer  # noqa: E402

URL = "postgresql+psycopg://postgres@127.0.0.1:5432/aduan_scale"


def _rows_path(user: User, limit: int) -> int:
    buffer = io.StringIO()
    writer = _writer(buffer)
    for row in case_rows(user, CaseExportFilters(), limit):
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().count("\n")


def _copy_path(user: User, limit: int) -> int:
    return sum(chunk.count(b"\n") for chunk in export_copy.csv_chunks(user, CaseExportFilters(),
                                                                      limit))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app = create_app({"database_url": URL, "secret_key": "bench", "secure_cookies": False})
    with app.app_context():
        from domain.db import db
        from domain.org.operations import find_user

        auditor = find_user("auditor")  # the demo's Ombudsman auditor: every scope
        timings: dict[str, list[float]] = {"rows": [], "copy": []}
        for _ in range(args.runs + 1):  # the first round warms caches and is dropped
            for name, path in (("rows", _rows_path), ("copy", _copy_path)):
                started = time.perf_counter()
                count = path(auditor, args.rows)
                timings[name].append(count / (time.perf_counter() - started))
                db.session.rollback()
        result = {name: round(statistics.median(values[1:])) for name, values in timings.items()}
        result["ratio"] = round(result["copy"] / result["rows"], 1)
        result["rows_per_export"] = count
        print(json.dumps(result))


if __name__ == "__main__":
    main()
