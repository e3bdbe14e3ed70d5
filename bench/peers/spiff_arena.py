"""spiff-arena's backend on equal footing (SQLite, one worker, one sequential client), or why not.

    python3 bench/peers/spiff_arena.py                    # check; exits 3 saying why not
    python3 bench/peers/spiff_arena.py --library-floor [--cases 300] [--runs 3] [--json out]

Optional, not part of ./scripts/test.sh.

The first form asks pip for `spiffworkflow-backend` (the Python package of spiff-arena's
backend). It is not on PyPI (checked 2026-12-04): the backend ships only as source in the
sartography/spiff-arena repository on GitHub, a Poetry project run from a checkout, that reads
its process models from a directory of BPMN files (SPIFFWORKFLOW_BACKEND_BPMN_SPEC_ABSOLUTE_DIR)
and wants an authenticated user (its built-in OpenID endpoint or an external one) before its
API starts an instance. This machine reaches GitHub only through a tool the benchmark must not
use to copy code, so the script stops there with exit status 3 and the reason, instead of
measuring something else under spiff-arena's name.

`--library-floor` measures instead the floor any SpiffWorkflow-based backend pays, spiff-arena
included: SpiffWorkflow 3.2.0 (the library spiff-arena runs on) in process on the minimal
process start → user task → end, with the plain BpmnWorkflowSerializer to and from JSON per
step and that JSON stored in SQLite (sqlite3) per step, one sequential client; see
bench/peers/spiff_floor.py. It is NOT spiff-arena: no HTTP, no auth, no ORM, no per-task
rows, so spiff-arena's own figures can only be higher.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402

PACKAGE = "spiffworkflow-backend"
PIN = ["SpiffWorkflow==3.2.0"]
NOT_MEASURED = (
    "spiff-arena's backend is not measured: {why}. spiff-arena's backend ships only as source "
    "in the sartography/spiff-arena repository on GitHub (a Poetry project run from a "
    "checkout, process models read from a BPMN directory, an authenticated user needed before "
    "its API starts an instance), and this machine reaches GitHub only through a tool the "
    "benchmark must not use to copy code. Run with --library-floor to measure SpiffWorkflow "
    "3.2.0 itself with naive JSON-in-SQLite persistence: a floor under spiff-arena's cost, "
    "not spiff-arena."
)


def backend_on_pypi() -> tuple[bool, str]:
    """Ask pip (the ordinary client, one package) whether the backend can be downloaded."""
    with tempfile.TemporaryDirectory(prefix="spiff-arena-check-") as tmp:
        done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                               "-d", tmp, PACKAGE], capture_output=True, text=True)
    if done.returncode == 0:
        return True, f"pip can download {PACKAGE}"
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    return False, (f"{PACKAGE} is not installable from PyPI (pip: "
                   f"{errors[-1] if errors else done.stderr.strip()[-200:]!r})")


def library_floor(args: argparse.Namespace) -> dict:
    python = common.venv("spiff-venv", PIN)
    with tempfile.TemporaryDirectory(prefix="spiff-floor-") as tmp:
        done = subprocess.run([str(python), str(HERE / "spiff_floor.py"), "--cases",
                               str(args.cases), "--runs", str(args.runs), "--db",
                               str(Path(tmp, "floor.sqlite"))],
                              stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--library-floor", action="store_true",
                        help="measure SpiffWorkflow 3.2.0 + naive persistence instead")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    installable, why = backend_on_pypi()
    if installable:
        sys.exit(f"{why}, but this script does not drive spiff-arena's backend yet "
                 "(it was written when the package was not on PyPI); nothing measured.")
    print(NOT_MEASURED.format(why=why), file=sys.stderr)
    if not args.library_floor:
        sys.exit(3)

    load_before = common.machine()["loadavg"]
    floor = library_floor(args)
    result = {
        "peer": "NOT spiff-arena: SpiffWorkflow 3.2.0 in process, plain BpmnWorkflowSerializer "
                "JSON stored in SQLite per step, one sequential client (library + naive "
                "persistence floor)",
        "spiff_arena_backend": why,
        "start_to_first_task_p50_ms": floor["summary"]["start_p50_ms"],
        "completion_p50_ms": floor["summary"]["complete_p50_ms"],
        **floor,
        "machine": common.machine() | {"loadavg_before": load_before},
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "args": vars(args) | {"json": str(args.json or "")},
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
