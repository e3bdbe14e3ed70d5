"""Every setting Aduan reads, from `ADUAN_*` environment variables, in one place.

| variable | default | meaning |
|---|---|---|
| ADUAN_DATABASE_URL | sqlite:///var/aduan.db | SQLAlchemy URL; `postgresql+psycopg://...` in production |
| ADUAN_REDIS_URL | redis://127.0.0.1:6379/0 | Redis for RQ queues and rate limits (the run script starts one if unset) |
| ADUAN_SECRET_KEY | random per data dir (var/secret_key) | signs sessions, CSRF and API tokens |
| ADUAN_DATA_DIR | ./var | attachments, rendered letters, the dev secret |
| ADUAN_DEMO_PASSWORD | aduan-demo | password of the demo users created by `flask demo` |
| ADUAN_SECURE_COOKIES | 1 | send session cookies only over HTTPS (set 0 for plain-HTTP development) |
| ADUAN_RATE_LIMIT_INTAKE | 20 per minute | new reports per client address |
| ADUAN_RATE_LIMIT_TRACKING | 60 per minute | tracking-id lookups per client address |
| ADUAN_TOKEN_TTL | 43200 | API bearer token lifetime in seconds |
| ADUAN_SMTP_URL | (unset: mail goes to the file sink) | smtp://user:pass@host:port for e-mail |
| ADUAN_SMS_GATEWAY_URL | (unset: SMS goes to the file sink) | HTTP endpoint of the SMS gateway |
| ADUAN_LOG_LEVEL | INFO | Python log level |
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _env(name: str, default: str) -> str:
    return os.environ.get(f"ADUAN_{name}", default)


def _secret_key(data_dir: Path) -> str:
    """A stable per-installation secret for development; production sets ADUAN_SECRET_KEY."""
    if key := os.environ.get("ADUAN_SECRET_KEY"):
        return key
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str
    secret_key: str
    data_dir: Path
    demo_password: str
    secure_cookies: bool
    rate_limit_intake: str
    rate_limit_tracking: str
    token_ttl: int
    smtp_url: str | None
    sms_gateway_url: str | None
    log_level: str

    def flask_config(self) -> dict[str, Any]:
        return {
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            "SESSION_COOKIE_SECURE": self.secure_cookies,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "MAX_CONTENT_LENGTH": 60 * 1024 * 1024,
            "ADUAN": self,
        }


def load() -> Settings:
    data_dir = Path(_env("DATA_DIR", str(ROOT / "var"))).resolve()
    return Settings(
        database_url=_env("DATABASE_URL", f"sqlite:///{data_dir / 'aduan.db'}"),
        redis_url=_env("REDIS_URL", "redis://127.0.0.1:6379/0"),
        secret_key=_secret_key(data_dir),
        data_dir=data_dir,
        demo_password=_env("DEMO_PASSWORD", "aduan-demo"),
        secure_cookies=_env("SECURE_COOKIES", "1") not in ("0", "false", "no"),
        rate_limit_intake=_env("RATE_LIMIT_INTAKE", "20 per minute"),
        rate_limit_tracking=_env("RATE_LIMIT_TRACKING", "60 per minute"),
        token_ttl=int(_env("TOKEN_TTL", "43200")),
        smtp_url=os.environ.get("ADUAN_SMTP_URL") or None,
        sms_gateway_url=os.environ.get("ADUAN_SMS_GATEWAY_URL") or None,
        log_level=_env("LOG_LEVEL", "INFO"),
    )
