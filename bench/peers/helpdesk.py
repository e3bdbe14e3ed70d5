"""django-helpdesk's public "submit a ticket" form under the same load as Aduan's intake.

    python3 bench/peers/helpdesk.py [--requests 2000] [--concurrency 4] [--runs 3]
                                    [--conn-max-age 60] [--between 'CMD'] [--json out.json]

Optional, not part of ./scripts/test.sh. One invocation:
  1. makes (once) a venv `$ADUAN_BENCH_CACHE/helpdesk-venv` (default ~/.cache/aduan-bench)
     with the pinned PIN list below from PyPI;
  2. writes a minimal Django project into a temp dir (our own settings/urls, nothing copied):
     CSRF middleware left out so the load generator can POST the form without a token,
     e-mail to the dummy backend (helpdesk still renders its mails, nothing is sent),
     DEBUG off, persistent database connections (CONN_MAX_AGE, like Aduan's pool);
  3. creates the PostgreSQL database `helpdesk_bench` (psql as postgres on 127.0.0.1),
     migrates it and creates one public queue;
  4. starts gunicorn (2 sync workers, --preload) on a free loopback port, warms it, then per
     round POSTs the public form (/tickets/submit/: queue, title, body, priority, e-mail;
     302 to the ticket = created) `--requests` times with `--concurrency` keep-alive clients
     through bench/loadgen.py (its run loop; only the body is form-encoded instead of JSON);
     `--between CMD` runs a shell command after each round (e.g. one round of bench/intake.py)
     so rounds of both systems interleave;
  5. counts the tickets in the database against the 302s, stops gunicorn, drops the database
     and prints JSON: medians over rounds of rps, p50, p95 (ms), and every round.
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import common  # noqa: E402
import loadgen  # noqa: E402

DB = "helpdesk_bench"
PIN = ["django-helpdesk==2.6.1", "Django==5.2.19", "gunicorn==27.0.1",
       "psycopg[binary]==3.3.9"]
PATH = "/tickets/submit/"

SETTINGS = '''\
SECRET_KEY = "bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchsite.urls"
WSGI_APPLICATION = "benchsite.wsgi.application"
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
    "django.contrib.sites", "django.contrib.humanize", "rest_framework", "helpdesk",
]
# The bench leaves out CsrfViewMiddleware: the load generator posts the public form without
# first fetching a token. Everything else is Django's default stack.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql", "NAME": "{db}", "USER": "postgres",
    "HOST": "127.0.0.1", "PORT": "5432", "CONN_MAX_AGE": {conn_max_age},
}}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@example.org"
SITE_ID = 1
USE_TZ = True
STATIC_URL = "/static/"
MEDIA_ROOT = "{media}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
HELPDESK_TEAMS_MODE_ENABLED = False
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "root": {"handlers": [], "level": "WARNING"}}
'''

URLS = '''\
from django.urls import include, path

urlpatterns = [path("", include("helpdesk.urls", namespace="helpdesk"))]
'''

WSGI = '''\
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
application = get_wsgi_application()
'''

QUEUE = '''\
from helpdesk.models import Queue
q, _ = Queue.objects.get_or_create(slug="bench", defaults={
    "title": "Bench", "allow_public_submission": True})
print(q.id)
'''


def write_project(root: Path, conn_max_age: int) -> None:
    """Our own minimal Django project: settings, urls, wsgi (nothing else is needed)."""
    site = root / "benchsite"
    (root / "media").mkdir()
    site.mkdir()
    (site / "__init__.py").write_text("")
    settings = SETTINGS.replace("{db}", DB).replace("{media}", str(root / "media"))
    (site / "settings.py").write_text(settings.replace("{conn_max_age}", str(conn_max_age)))
    (site / "urls.py").write_text(URLS)
    (site / "wsgi.py").write_text(WSGI)


def form_request(conn: http.client.HTTPConnection, method: str, path: str,
                 body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    """loadgen.request for an HTML form: the body is urlencoded; answers (status, Location)."""
    data = urlencode(body).encode() if body is not None else None
    all_headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    for attempt in (1, 2):
        try:
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
            return response.status, response.getheader("Location")
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def make_submit(queue_id: int):
    def submit(i: int) -> tuple:
        return ("POST", PATH, {
            "queue": str(queue_id), "priority": "3",
            "title": f"Obat tidak tersedia di puskesmas {i}",
            "body": "Sudah tiga minggu obat hipertensi kosong di Puskesmas Medan Baru.",
            "submitter_email": f"pelapor{i}@example.org"}, None)
    return submit


def load(port: int, total: int, concurrency: int, queue_id: int,
         max_seconds: float) -> loadgen.Result:
    """One phase through loadgen.run, with its request function swapped for the form one."""
    with mock.patch.object(loadgen, "request", form_request):
        return loadgen.run(port, total, concurrency, make_submit(queue_id), expect=302,
                           max_seconds=max_seconds)


def smoke(port: int, queue_id: int) -> None:
    """The form renders, and one submit redirects to the new ticket's public page."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    status, _ = form_request(conn, "GET", PATH)
    if status != 200:
        raise RuntimeError(f"GET {PATH} answered {status}")
    status, location = form_request(conn, *make_submit(queue_id)(0)[:3])
    conn.close()
    if status != 302 or "ticket=bench-" not in (location or ""):
        raise RuntimeError(f"POST {PATH} answered {status} -> {location}")


def django(python: Path, env: dict[str, str], cwd: Path, *args: str) -> str:
    return subprocess.run([str(python), "-m", "django", *args], env=env, cwd=cwd,
                          check=True, capture_output=True, text=True).stdout.strip()


def prepare(stack: ExitStack, tmp: Path, args: argparse.Namespace) -> tuple[int, int]:
    """Venv, project, database, queue, gunicorn; answers (port, queue id)."""
    python = common.venv("helpdesk-venv", PIN)
    write_project(tmp, args.conn_max_age)
    common.psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    common.psql(f"CREATE DATABASE {DB}")
    stack.callback(common.psql, f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    env = {"PATH": f"{python.parent}:/usr/bin:/bin", "PYTHONPATH": str(tmp),
           "DJANGO_SETTINGS_MODULE": "benchsite.settings", "HOME": str(tmp)}
    django(python, env, tmp, "migrate", "--noinput")
    queue_id = int(django(python, env, tmp, "shell", "-c", QUEUE).splitlines()[-1])
    port = common.free_port()
    common.start(stack, [str(python.parent / "gunicorn"), "-w", "2", "--preload",
                         "--log-level", "warning", "-b", f"127.0.0.1:{port}",
                         "benchsite.wsgi:application"], env, tmp / "gunicorn.log", tmp)
    common.wait_for_port(port)
    return port, queue_id


def measure(port: int, queue_id: int, args: argparse.Namespace) -> tuple[list, int]:
    """Warm-up, then the rounds; answers (round summaries, 302s counted in all)."""
    smoke(port, queue_id)
    created = 1 + load(port, 50, 2, queue_id, args.max_seconds).ok
    rounds = []
    for number in range(1, args.runs + 1):
        result = load(port, args.requests, args.concurrency, queue_id, args.max_seconds)
        created += result.ok
        rounds.append(result.summary())
        print(f"round {number}: {json.dumps(rounds[-1])}", file=sys.stderr)
        if args.between:
            subprocess.run(args.between, shell=True, check=True, stdout=sys.stderr)
    return rounds, created


def versions(python: Path) -> dict[str, str]:
    code = ("import importlib.metadata as m, json; print(json.dumps({p: m.version(p) for p in "
            "('django-helpdesk', 'Django', 'gunicorn', 'psycopg')}))")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--conn-max-age", type=int, default=60,
                        help="Django CONN_MAX_AGE (0 = a new connection per request)")
    parser.add_argument("--max-seconds", type=float, default=120.0)
    parser.add_argument("--between", help="shell command run after each round (interleaving)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    load_before = common.machine()["loadavg"]
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="helpdesk-bench-") as tmp:
        port, queue_id = prepare(stack, Path(tmp), args)
        rounds, created = measure(port, queue_id, args)
        tickets = int(common.psql("SELECT count(*) FROM helpdesk_ticket", DB))
        followups = int(common.psql("SELECT count(*) FROM helpdesk_followup", DB))
    result = {
        "peer": "django-helpdesk public ticket submit (POST /tickets/submit/)",
        "rps": common.median_of(rounds, "rps"), "p50": common.median_of(rounds, "p50_ms"),
        "p95": common.median_of(rounds, "p95_ms"),
        "tickets_in_db": tickets, "followups_in_db": followups, "redirects_302": created,
        "rounds": rounds, "versions": versions(common.CACHE / "helpdesk-venv" / "bin" / "python"),
        "machine": common.machine() | {"loadavg_before": load_before},
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "args": vars(args) | {"json": str(args.json or "")},
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    if tickets != created:
        sys.exit(f"error: {created} submits answered 302 but {tickets} tickets are in the db")


if __name__ == "__main__":
    main()
