"""Timer lateness, due → fired, with real worker and scheduler processes on PostgreSQL + Redis.

    .venv/bin/python bench/timers.py [--cases 200] [--workers 2] [--spread 5] [--lead 3]

Creates (and drops) the database `aduan_bench_timers` on 127.0.0.1:5432 and uses Redis
database 12 on 127.0.0.1:6379 (flushed). Files N cases through the service layer, then
rewrites each pending verification timer row to fall due `lead` to `lead + spread` seconds
from now (the timer row is the trigger's source of truth; the engine's own, later value is
ignored by design) and schedules their RQ jobs at those times, as the after-commit dispatch
does. Starts `flask worker` ×W and `flask scheduler` as subprocesses and waits (bounded)
until every timer fired. Lateness = the firing transaction's `fired_at` − `due_at`; also
reports when the last escalation was committed relative to the last due time.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DB = "aduan_bench_timers"
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DB}"
REDIS_URL = "redis://127.0.0.1:6379/12"
TIME_LIMIT = 120.0


def _database(create: bool) -> None:
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        if create:
            conn.exec_driver_sql(f"CREATE DATABASE {DB}")
    engine.dispose()


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               "unknown")
    mem_gib = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return f"{os.cpu_count()} CPUs ({cpu}), {mem_gib:.0f} GiB RAM, Python {sys.version.split()[0]}"


def quantile(ordered: list[float], q: float) -> float:
    return ordered[round(q * (len(ordered) - 1))]


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--spread", type=float, default=5.0,
                        help="seconds over which timers fall due")
    parser.add_argument("--lead", type=float, default=3.0, help="seconds until the first is due")
    return parser.parse_args()


def _environment() -> dict[str, str]:
    """The subprocesses' environment; this process takes the Aduan settings from it too."""
    data_dir = Path(os.environ.get("TMPDIR", "/tmp")) / "aduan-bench-timers"
    data_dir.mkdir(exist_ok=True)
    env = {**os.environ, "ADUAN_DATABASE_URL": URL, "ADUAN_REDIS_URL": REDIS_URL,
           "ADUAN_DATA_DIR": str(data_dir), "ADUAN_SECRET_KEY": "bench", "PYTHONPATH": str(ROOT),
           "ADUAN_LOG_LEVEL": "WARNING"}
    os.environ.update({k: env[k] for k in ("ADUAN_DATABASE_URL", "ADUAN_REDIS_URL",
                                           "ADUAN_DATA_DIR", "ADUAN_SECRET_KEY")})
    return env


def _file_cases(args: argparse.Namespace) -> dict[int, datetime]:
    """Migrate, file the cases, move their timers close and schedule them; return due times."""
    from flask_migrate import upgrade
    from redis import Redis

    from domain.cases.models import Timer
    from domain.db import db
    from domain.enums import TimerStatus
    from jobs import dispatch, queues
    from tests.factories import build_world, submit

    upgrade()
    build_world()
    db.session.commit()
    for _ in range(args.cases):
        submit()
        db.session.commit()
    Redis.from_url(REDIS_URL).flushdb()  # drop the jobs at the real (days away) due times
    now = datetime.now(UTC)
    ids = list(db.session.execute(sa.select(Timer.id).where(
        Timer.status == TimerStatus.PENDING)).scalars())
    due = {tid: now + timedelta(seconds=args.lead + random.uniform(0, args.spread))
           for tid in ids}
    for tid, at in due.items():
        db.session.execute(sa.update(Timer).where(Timer.id == tid).values(due_at=at))
    db.session.commit()
    queue = queues.queue(queues.TIMERS, REDIS_URL)
    for tid, at in due.items():
        dispatch.schedule_timer(queue, tid, at, datetime.now(UTC))
    return due


def _start_processes(processes: list[subprocess.Popen], env: dict[str, str],
                     workers: int) -> None:
    """`flask worker` x `workers` and one `flask scheduler`, appended to `processes`."""
    for n in range(workers):
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--name", f"bench-{n}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True))
    processes.append(subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "scheduler", "--interval", "60"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True))


def _wait_until_fired(started: float, due: dict[int, datetime]) -> tuple[datetime, list]:
    """Poll (bounded by TIME_LIMIT) until no timer is pending; return then and the rows."""
    from domain.cases.models import Timer
    from domain.db import db
    from domain.enums import TimerStatus

    while time.monotonic() - started < TIME_LIMIT:
        left = db.session.execute(sa.select(sa.func.count()).select_from(Timer).where(
            Timer.status == TimerStatus.PENDING)).scalar_one()
        db.session.rollback()
        if left == 0:
            break
        time.sleep(0.1)
    all_done = datetime.now(UTC)
    rows = db.session.execute(sa.select(Timer.id, Timer.due_at, Timer.fired_at).where(
        Timer.id.in_(list(due)))).all()
    return all_done, list(rows)


def _stop(processes: list[subprocess.Popen]) -> None:
    for proc in processes:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in processes:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _print_report(args: argparse.Namespace, rows: list, last_due: datetime,
                  all_done: datetime) -> None:
    fired = sorted((r.fired_at - r.due_at).total_seconds() * 1000 for r in rows if r.fired_at)
    print(f"machine: {machine()}")
    print(f"cases: {args.cases}, workers: {args.workers}, due over {args.spread:.0f} s "
          f"starting {args.lead:.0f} s after scheduling")
    print(f"fired: {len(fired)}/{len(rows)}")
    if fired:
        print(f"lateness fired_at - due_at: min {fired[0]:.1f} ms  median "
              f"{statistics.median(fired):.1f} ms  p95 {quantile(fired, 0.95):.1f} ms  "
              f"max {fired[-1]:.1f} ms  early {sum(x < 0 for x in fired)}")
        print(f"all escalations committed {(all_done - last_due).total_seconds() * 1000:.0f} ms "
              f"after the last due time (observed by polling every 100 ms)")


def main() -> None:
    args = _parse_args()
    _database(create=True)
    env = _environment()
    from redis import Redis

    from web.app import create_app

    Redis.from_url(REDIS_URL).flushdb()
    app = create_app()
    processes: list[subprocess.Popen] = []
    try:
        with app.app_context():
            due = _file_cases(args)
        started = time.monotonic()
        _start_processes(processes, env, args.workers)
        last_due = max(due.values())
        with app.app_context():
            all_done, rows = _wait_until_fired(started, due)
    finally:
        _stop(processes)
    _print_report(args, rows, last_due, all_done)
    _database(create=False)


if __name__ == "__main__":
    main()
