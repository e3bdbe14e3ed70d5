"""A small bounded HTTP load generator for loopback benchmarks (stdlib only).

Fixed concurrency (one thread and one keep-alive connection per worker), a fixed number of
requests, and a wall-clock cap: it can never run away. Gunicorn's sync workers close the
connection after each response; http.client then reconnects by itself, as a real client
would. Only 127.0.0.1 is allowed, so a typo cannot aim it at someone else's server.
"""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Result:
    """What one load phase measured."""

    requests: int
    ok: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        pick = (lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000) \
            if ordered else (lambda q: float("nan"))
        return {"requests": self.requests, "ok": self.ok, "errors": self.errors,
                "seconds": round(self.seconds, 3), "rps": round(self.rps, 1),
                "p50_ms": round(statistics.median(ordered) * 1000, 2) if ordered else None,
                "p95_ms": round(pick(0.95), 2)}


def request(conn: http.client.HTTPConnection, method: str, path: str,
            body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    """One JSON request on a kept-alive connection; reconnects once if the server closed."""
    data = json.dumps(body).encode() if body is not None else None
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    for attempt in (1, 2):
        try:
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            raw = response.read()
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
            return response.status, (json.loads(raw) if raw else None)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def run(port: int, total: int, concurrency: int, make_request: Callable[[int], tuple],
        *, expect: int, max_seconds: float = 120.0) -> Result:
    """Send `total` requests with `concurrency` workers; `make_request(i)` gives
    (method, path, body, headers). Stops early at `max_seconds`."""
    counter = iter(range(total))
    lock = threading.Lock()
    latencies: list[float] = []
    ok = errors = sent = 0
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        nonlocal ok, errors, sent
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        good = bad = count = 0
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            method, path, body, headers = make_request(i)
            t0 = time.perf_counter()
            try:
                status, _ = request(conn, method, path, body, headers)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - t0
            count += 1
            if status == expect:
                good += 1
                mine.append(elapsed)
            else:
                bad += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            ok, errors, sent = ok + good, errors + bad, sent + count

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max_seconds + 30)
    return Result(sent, ok, errors, time.perf_counter() - started, latencies)
