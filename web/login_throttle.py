"""Failed logins are limited per account and per address, wherever they come from.

Two counters, shared by the desk login and `POST /api/v1/auth/token`, that count failed
attempts only (a 401), so an officer who types his password right is never counted:
- per account, keyed by the submitted username (hashed: keys stay short and hold no names),
  `ADUAN_RATE_LIMIT_ACCOUNT`: guesses spread over many addresses;
- per address, keyed by the client's address, `ADUAN_RATE_LIMIT_ADDRESS`: one machine trying
  many accounts (credential stuffing), which the per-account limit never sees.
Each failure is a member of a Redis sorted set scored by its moment on the domain clock
(`domain/clock.py`), so a window passes when the clock moves: tests move it, nobody sleeps.
Entries older than the window are dropped at every check. While Redis is down the counters
live in this process's memory, like Flask-Limiter's fallback: fail open is not fail off.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

import redis
from flask import Response, current_app, make_response, request
from limits import parse

from domain.clock import clock

PREFIX = "aduan-login-failures:"
RETRY_DEAD = 5.0  # seconds before a Redis that failed is asked again (no 1 s wait per login)


@dataclass(frozen=True)
class Window:
    amount: int
    seconds: int


def window_of(spec: str) -> Window:
    """"10 per 15 minutes" (Flask-Limiter's notation, parsed by its `limits` library)."""
    item = parse(spec)
    return Window(item.amount, item.get_expiry())


def account_key(username: str) -> str:
    """The counter's key for a submitted name (as typed, trimmed, case-folded)."""
    digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return f"account:{digest}"


def address_key(address: str | None) -> str:
    return f"address:{address or 'unknown'}"


class FailureLog:
    """Failure moments per key, in Redis (shared by every web process) or, while Redis is
    unreachable, in this process's memory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._memory: dict[str, list[float]] = {}
        self._clients: dict[str, redis.Redis] = {}
        self._dead_until: dict[str, float] = {}  # a dead Redis is retried after RETRY_DEAD

    def _redis(self) -> redis.Redis:
        url = current_app.config["ADUAN"].redis_url
        if time.monotonic() < self._dead_until.get(url, 0.0):
            raise redis.ConnectionError("recently unreachable")
        if url not in self._clients:
            self._clients[url] = redis.Redis.from_url(url, socket_connect_timeout=1,
                                                      socket_timeout=2)
        return self._clients[url]

    def _mark_dead(self) -> None:
        self._dead_until[current_app.config["ADUAN"].redis_url] = time.monotonic() + RETRY_DEAD

    def recent(self, key: str, window: Window, now: float) -> list[float]:
        """The moments of the failures inside the window ending now, oldest first."""
        since = now - window.seconds
        try:
            client = self._redis()
            client.zremrangebyscore(PREFIX + key, "-inf", f"({since}")
            return [score for _m, score in client.zrangebyscore(
                PREFIX + key, f"({since}", "+inf", withscores=True)]
        except redis.RedisError:
            self._mark_dead()
            with self._lock:
                kept = [t for t in self._memory.get(key, []) if since < t]
                self._memory[key] = kept
                return sorted(kept)

    def add(self, key: str, window: Window, now: float) -> None:
        try:
            client = self._redis()
            pipe = client.pipeline()
            pipe.zadd(PREFIX + key, {f"{now}:{secrets.token_hex(4)}": now})
            # Real-time expiry only cleans up; counting always asks the domain clock.
            pipe.expire(PREFIX + key, window.seconds + 60)
            pipe.execute()
        except redis.RedisError:
            self._mark_dead()
            with self._lock:
                self._memory.setdefault(key, []).append(now)


failures = FailureLog()


def _counters(username: str) -> list[tuple[str, str, Window]]:
    settings = current_app.config["ADUAN"]
    return [("account", account_key(username), window_of(settings.rate_limit_account)),
            ("address", address_key(request.remote_addr),
             window_of(settings.rate_limit_address))]


def _status_of(exc: Exception) -> int | None:
    status = getattr(exc, "status", None) or getattr(exc, "code", None)
    return status if isinstance(status, int) else None


def _count(counters: list[tuple[str, str, Window]], now: float) -> None:
    for _which, key, window in counters:
        failures.add(key, window, now)


def login_throttle(username_of: Callable[[], str],
                   on_breach: Callable[[str], Response]) -> Callable[[Any], Any]:
    """Decorate a login view: `username_of()` reads the submitted name; `on_breach(which)`
    answers (429, with Retry-After) once the account or the address ("account", "address")
    had too many failed attempts inside its window."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if request.method != "POST" or not current_app.config["ADUAN"].rate_limits_enabled:
                return view(*args, **kwargs)
            now = clock.now().timestamp()
            counters = _counters(username_of())
            for which, key, window in counters:
                seen = failures.recent(key, window, now)
                if len(seen) >= window.amount:
                    response = on_breach(which)
                    wait = seen[len(seen) - window.amount] + window.seconds - now
                    response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
                    return response
            try:
                response = make_response(view(*args, **kwargs))
            except Exception as exc:  # the API raises its 401; the handler answers later
                if _status_of(exc) == 401:
                    _count(counters, now)
                raise
            if response.status_code == 401:
                _count(counters, now)
            return response

        return wrapper

    return decorator
