"""Every setting Aduan reads, from `ADUAN_*` environment variables, in one place.

ADUAN_DATABASE_URL      SQLAlchemy URL. Default: sqlite:///var/aduan.db;
                        production: postgresql+psycopg://user@host/db
ADUAN_REDIS_URL         Redis for RQ queues and rate limits. Default redis://127.0.0.1:6379/0
                        (the run script starts a private one when unset). While it is down,
                        limits count in each process's memory and the sweeper re-enqueues jobs
ADUAN_SECRET_KEY        Signs sessions, CSRF and API tokens. Default: random, kept in
                        ADUAN_DATA_DIR/secret_key (set it in production)
ADUAN_DATA_DIR          Attachments, rendered letters, the dev secret. Default ./var
ADUAN_DEMO_PASSWORD     Password of the demo users made by `flask demo`. Default aduan-demo
ADUAN_SECURE_COOKIES    1: session cookies only over HTTPS (default); 0 for plain-HTTP dev
ADUAN_HSTS_SECONDS      Strict-Transport-Security max-age, sent while cookies are secure.
                        Default 31536000 (a year); 0 sends no HSTS header
ADUAN_RATE_LIMIT_INTAKE     New reports per client address. Default "20 per minute"
ADUAN_RATE_LIMIT_TRACKING   Tracking-id lookups per client address. Default "60 per minute"
ADUAN_RATE_LIMIT_TOKEN      API token requests (password guesses) per client address.
                            Default "10 per minute"
ADUAN_RATE_LIMIT_ACCOUNT    Failed logins per account (the submitted username, desk and API
                            together), from any address. Default "10 per 15 minutes"
ADUAN_RATE_LIMIT_ADDRESS    Failed logins per client address, whatever the username (one
                            machine trying many accounts). Default "30 per 15 minutes"
ADUAN_RATE_LIMITS_ENABLED   1: apply the rate limits above (default); 0 only for load tests
                            such as bench/intake.py
ADUAN_TOKEN_TTL         API bearer token lifetime in seconds. Default 43200
ADUAN_SMTP_URL          smtp://user:pass@host:port for e-mail; unset: the file sink
ADUAN_SMS_GATEWAY_URL   HTTP endpoint of the SMS gateway; unset: the file sink
ADUAN_LOG_LEVEL         Python log level. Default INFO
ADUAN_SESSION_HOURS     Officer login lifetime in hours. Default 8
ADUAN_PROXIES           Number of trusted reverse proxies in front of the web app (their
                        X-Forwarded-For gives the client address for rate limits). Default 0
ADUAN_EMBEDDED_REDIS_PORT   Port of the private Redis the run script starts. Default 6390
ADUAN_AUDIT_SIGNING_KEY     Ed25519 key signing the audit log's checkpoints: base64 of the raw
                            32-byte private key, or the path of a PEM (PKCS#8) file. Keep it
                            outside the database. Unset: no checkpoints (the run script makes
                            a development key in ADUAN_DATA_DIR)
ADUAN_AUDIT_CHECKPOINT_MINUTES  Minutes between checkpoints written by the scheduler (only when
                            the log grew). Default 5
ADUAN_SIGNING_CERT      The agency's certificate and key (PKCS#12 file) that PAdES-signs every
                        letter and case file. Unset: documents are stored unsigned (the run
                        script makes a self-signed development certificate in ADUAN_DATA_DIR)
ADUAN_SIGNING_CERT_PASSWORD  Password of that PKCS#12 file
ADUAN_RETENTION_DAYS    Days after a case closed until the scheduler pseudonymises its reporter's
                        identity (UU PDP 27/2022; domain/cases/retention.py). Default 1825
                        (five years); 0 keeps identities until deleted by hand
ADUAN_REGIONS_DIR       Kemendagri's region CSVs (npm idn-area-data) that `flask regions load`
                        reads; scripts/build-frontend.sh copies them there. Default ./build/regions
ADUAN_STATS_MIN_GROUP   Statistics groups with fewer cases are folded into "other", so a rare
                        region or agency cannot single out a reporter. Default 5
ADUAN_STATS_CACHE_SECONDS   Seconds each process keeps computed statistics (per scope and
                        filters) before reading the rollup again. Default 60; 0: off
ADUAN_OPEN311_JURISDICTION  The Open311 GeoReport v2 jurisdiction_id this server answers for
                        (optional on requests: there is only one). Default "aduan"
ADUAN_OPEN311_REGION    Kemendagri code of the jurisdiction's own region, given to an Open311
                        report that names no region (attribute[region] or a region code as
                        address_id). Unset: such a report is refused (400)
ADUAN_RATE_LIMIT_OPEN311    Open311 requests per client (its API key, else its address).
                            Default "60 per minute"
ADUAN_PUBLIC_URL        The site's public base URL (https://lapor.example.go.id). Webhook
                        signatures that cover the URL (Twilio) are checked against it; unset,
                        the request's own URL as the trusted proxies report it (ADUAN_PROXIES).
                        Also printed in the case file's QR code for /verify (unset there:
                        http://127.0.0.1:5000, the run script's address)
ADUAN_TWILIO_AUTH_TOKEN     Enables /channels/sms/twilio; checks X-Twilio-Signature
ADUAN_VONAGE_SIGNATURE_SECRET   Enables /channels/sms/vonage; checks its signed `sig`
ADUAN_JASMIN_TOKEN      Enables /channels/sms/jasmin; Jasmin cannot sign, so its MO URL
                        carries ?token=<this>
ADUAN_SMS_WEBHOOK_SECRET    Enables /channels/sms/generic (HMAC-SHA256 of timestamp.body)
ADUAN_EMAIL_WEBHOOK_SECRET  Enables /channels/email/inbound (the same HMAC scheme)
ADUAN_SOCIAL_WEBHOOK_SECRET Enables /channels/social/generic (the same HMAC scheme)
ADUAN_SOCIAL_REPLY_URL  Where public replies to social posts are POSTed; unset: the file sink
ADUAN_IMAP_URL          imaps://user:pass@host/INBOX polled by `flask channels imap-poll`
ADUAN_SMS_DEFAULT_REGION    Region code of an SMS case no agency keyword placed. Default ""
                            (the national pool: the verifier places it)
ADUAN_SMS_REPORTS_PER_HOUR  New cases one number (or address) may open an hour. Default 10
ADUAN_SMS_CONCAT_MINUTES    How long the parts of a long SMS wait for each other. Default 10
ADUAN_NOTICE_MODE       How officers who never chose hear of their cases: "immediate" (a mail
                        per event, default) or "digest" (one mail a day); each officer may choose
                        otherwise on /desk/notifications
ADUAN_DIGEST_AT         When the scheduler sends the daily digest, HH:MM in WIB. Default 07:00
ADUAN_TILE_URL          Map tiles for the portal's location picker and the desk's case map, a
                        Leaflet URL template (https://tile.example.go.id/{z}/{x}/{y}.png; {s}
                        subdomains allowed). Its origin is added to the pages' CSP img-src.
                        Unset (default): no map is drawn, coordinates are plain fields
ADUAN_TILE_ATTRIBUTION  The credit line the tile server requires (plain text), shown on the map.
                        Default "" (set it for OpenStreetMap-based tiles: "© OpenStreetMap")
ADUAN_IDEMPOTENCY_HOURS How long an API Idempotency-Key is remembered; the scheduler then deletes
                        it and a retry with the same key files a new case. Default 24
ADUAN_TEST_DB, ADUAN_TEST_PG_SERVER, ADUAN_TEST_REDIS_URL   Test suite only (tests/conftest.py)
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
    rate_limit_token: str = "10 per minute"  # noqa: S105 (a rate, not a secret)
    rate_limits_enabled: bool = True
    rate_limit_account: str = "10 per 15 minutes"
    rate_limit_address: str = "30 per 15 minutes"
    session_hours: int = 8
    proxies: int = 0
    regions_dir: Path = ROOT / "build" / "regions"
    hsts_seconds: int = 31536000
    audit_signing_key: str | None = None
    audit_checkpoint_minutes: int = 5
    stats_min_group: int = 5
    stats_cache_seconds: int = 60
    open311_jurisdiction: str = "aduan"
    open311_region: str | None = None
    rate_limit_open311: str = "60 per minute"
    signing_cert: str | None = None
    signing_cert_password: str | None = None
    retention_days: int = 1825
    public_url: str | None = None
    twilio_auth_token: str | None = None
    vonage_signature_secret: str | None = None
    jasmin_token: str | None = None
    sms_webhook_secret: str | None = None
    email_webhook_secret: str | None = None
    social_webhook_secret: str | None = None
    social_reply_url: str | None = None
    imap_url: str | None = None
    sms_default_region: str = ""
    sms_reports_per_hour: int = 10
    sms_concat_minutes: int = 10
    notice_mode: str = "immediate"
    digest_at: str = "07:00"
    tile_url: str | None = None
    tile_attribution: str = ""
    idempotency_hours: int = 24

    @property
    def tile_origin(self) -> str | None:
        """The CSP source of the tile server (`https://*.tile.example.org` for {s} URLs)."""
        if not self.tile_url:
            return None
        parts = urlsplit(self.tile_url.replace("{s}", "*"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return None
        return f"{parts.scheme}://{parts.netloc}"

    def flask_config(self) -> dict[str, Any]:
        return {
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            # hide_parameters: a failed statement is logged without its values, which can be
            # a reporter's name, phone or NIK.
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
            "SESSION_COOKIE_SECURE": self.secure_cookies,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "PERMANENT_SESSION_LIFETIME": timedelta(hours=self.session_hours),
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
        rate_limit_token=_env("RATE_LIMIT_TOKEN", "10 per minute"),
        rate_limits_enabled=_env("RATE_LIMITS_ENABLED", "1") not in ("0", "false", "no"),
        rate_limit_account=_env("RATE_LIMIT_ACCOUNT", "10 per 15 minutes"),
        rate_limit_address=_env("RATE_LIMIT_ADDRESS", "30 per 15 minutes"),
        session_hours=int(_env("SESSION_HOURS", "8")),
        proxies=int(_env("PROXIES", "0")),
        regions_dir=Path(_env("REGIONS_DIR", str(ROOT / "build" / "regions"))).resolve(),
        hsts_seconds=int(_env("HSTS_SECONDS", "31536000")),
        audit_signing_key=os.environ.get("ADUAN_AUDIT_SIGNING_KEY") or None,
        audit_checkpoint_minutes=int(_env("AUDIT_CHECKPOINT_MINUTES", "5")),
        stats_min_group=max(1, int(_env("STATS_MIN_GROUP", "5"))),
        stats_cache_seconds=max(0, int(_env("STATS_CACHE_SECONDS", "60"))),
        open311_jurisdiction=_env("OPEN311_JURISDICTION", "aduan"),
        open311_region=os.environ.get("ADUAN_OPEN311_REGION") or None,
        rate_limit_open311=_env("RATE_LIMIT_OPEN311", "60 per minute"),
        signing_cert=os.environ.get("ADUAN_SIGNING_CERT") or None,
        signing_cert_password=os.environ.get("ADUAN_SIGNING_CERT_PASSWORD") or None,
        retention_days=int(_env("RETENTION_DAYS", "1825")),
        **_notice_settings(),
        tile_url=os.environ.get("ADUAN_TILE_URL") or None,
        tile_attribution=_env("TILE_ATTRIBUTION", ""),
        idempotency_hours=max(1, int(_env("IDEMPOTENCY_HOURS", "24"))),
        **_channel_settings(),
    )


def _channel_settings() -> dict[str, Any]:
    """The messaging channels' settings (a gateway's secret also switches its webhook on)."""
    optional = {name: os.environ.get(f"ADUAN_{name.upper()}") or None for name in (
        "public_url", "twilio_auth_token", "vonage_signature_secret", "jasmin_token",
        "sms_webhook_secret", "email_webhook_secret", "social_webhook_secret",
        "social_reply_url", "imap_url")}
    return {**optional, "sms_default_region": _env("SMS_DEFAULT_REGION", ""),
            "sms_reports_per_hour": int(_env("SMS_REPORTS_PER_HOUR", "10")),
            "sms_concat_minutes": int(_env("SMS_CONCAT_MINUTES", "10"))}


def _notice_settings() -> dict[str, Any]:
    """Officers' default notice mode and the digest's hour (checked here: a typo fails at
    start, not at 07:00)."""
    mode = _env("NOTICE_MODE", "immediate")
    if mode not in ("immediate", "digest"):
        raise ValueError("ADUAN_NOTICE_MODE must be immediate or digest")
    at = _env("DIGEST_AT", "07:00")
    hour, _, minute = at.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
        raise ValueError("ADUAN_DIGEST_AT must be HH:MM")
    return {"notice_mode": mode, "digest_at": f"{int(hour):02d}:{int(minute):02d}"}
