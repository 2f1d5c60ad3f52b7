"""Configuration classes; values come from the environment where deployments need them."""

from __future__ import annotations

import math
import os
import tempfile
from collections import Counter
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask.helpers import get_debug_flag

#: Writable files (the SQLite database) live outside the installed package: in
#: POLKU_INSTANCE_PATH, or ./instance in the working directory.
INSTANCE = Path(os.environ.get("POLKU_INSTANCE_PATH") or "instance").resolve()

#: Secrets that appear in this repository or its docs and must never run in production.
KNOWN_DEV_SECRETS = frozenset(
    {"dev", "development", "changeme", "polku-dev-secret-not-for-production"}
)
MIN_SECRET_LENGTH = 32


def _roles_from_env(default: tuple[str, ...]) -> tuple[str, ...]:
    """MFA_REQUIRED_ROLES="admin,coach" names the roles that must use a second factor."""
    raw = os.environ.get("MFA_REQUIRED_ROLES")
    if raw is None:
        return default
    return tuple(role.strip() for role in raw.split(",") if role.strip())


def _plugins_from_env() -> list[str] | None:
    """PORTAL_PLUGINS="a,b" limits plugins; an empty value means none; unset means all installed."""
    raw = os.environ.get("PORTAL_PLUGINS")
    if raw is None:
        return None
    return [name.strip() for name in raw.split(",") if name.strip()]


def _public_url_from_env() -> str:
    """PUBLIC_URL, or where `make run` serves (PORT, default 5000): a link in mail must open
    the portal the reader was invited to, not another port."""
    return os.environ.get("PUBLIC_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"


def _hosts_from_env() -> list[str] | None:
    """TRUSTED_HOSTS="polku.example.fi,.polku.example.fi": the Host headers the portal answers
    (a leading dot allows subdomains); unset means any in development, PUBLIC_URL's host in
    production."""
    raw = os.environ.get("TRUSTED_HOSTS")
    if raw is None:
        return None
    return [host.strip() for host in raw.split(",") if host.strip()]


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE / 'polku.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL") or None

    # Sessions: server side, 30 min idle, 12 h absolute, no "remember me".
    SESSION_PERMANENT = True
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=30)
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    # Only a changed session is written; an unchanged one has its expiry moved on at most
    # this often (the idle limit then counts from the last such touch).
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_TOUCH_INTERVAL = timedelta(minutes=2)
    #: How long a form sent after its session ended is kept for filling in again.
    DRAFT_MAX_AGE = timedelta(minutes=30)
    #: The warning before an idle session ends (WCAG 2.2.1), with a way to stay signed in.
    SESSION_WARNING_BEFORE = timedelta(minutes=2)
    SESSION_COOKIE_NAME = "polku_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_USE_SIGNER = False  # the id is 256 random bits; signing adds nothing
    SESSION_CLEANUP_N_REQUESTS = 500
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    WTF_CSRF_TIME_LIMIT = None  # tied to the session, which expires on its own
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024

    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    #: Every locale of the portal, in the picker's order: young people and the pages before
    #: sign-in offer them all ("fi@selko" is plain Finnish, selkosuomi).
    LANGUAGES = ("fi", "sv", "en", "fi@selko", "ru", "et", "ar", "so", "uk", "fa")
    #: The locales staff (coach, employer, teacher, admin) choose among.
    STAFF_LANGUAGES = ("fi", "sv", "en")

    # argon2id; the defaults meet OWASP and ASVS appendix C (m >= 19 MiB, t >= 2).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4
    PASSWORD_MIN_LENGTH = 12
    INVITATION_LIFETIME = timedelta(days=7)

    #: Roles that must sign in with a TOTP code; the others may choose to.
    MFA_REQUIRED_ROLES: tuple[str, ...] = _roles_from_env(("admin", "coach", "project_manager"))
    #: Changing the password or the second factor needs a sign-in or a confirmation this recent.
    REAUTH_MAX_AGE = timedelta(minutes=5)
    #: Time to give the code after the password, before the password is asked again.
    MFA_PENDING_MAX_AGE = timedelta(minutes=5)

    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    #: Requests one API token may make (Flask-Limiter's notation).
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600 per minute")
    #: Failed sign-ins (password or code) allowed for one account from one address...
    LOGIN_RATE_LIMIT = "5 per minute; 20 per hour"
    #: ...and from one address whatever the account; past either, 429 until the window passes.
    LOGIN_ADDRESS_RATE_LIMIT = "10 per minute; 100 per hour"

    #: The address people use to reach the portal; links in mail are built from it.
    PUBLIC_URL = _public_url_from_env()
    #: Accept addresses at the reserved .test domain (where the demo accounts live).
    EMAIL_ALLOW_TEST_DOMAINS = False
    #: Requests naming another host answer 400 (Flask checks it when the request starts).
    TRUSTED_HOSTS: list[str] | None = _hosts_from_env()
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_FROM = os.environ.get("MAIL_FROM", "polku@localhost")
    # Mail through Flask-Mailman: STARTTLS (MAIL_USE_TLS) or TLS (MAIL_USE_SSL), AUTH, timeout.
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "") == "1"
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))
    #: CA bundle that verifies the mail server's certificate (default: the system's).
    MAIL_CA_FILE = os.environ.get("MAIL_CA_FILE") or None
    #: Background jobs: RQ on REDIS_URL; without it (or JOBS_INLINE=1) they run inline.
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "polku")
    JOBS_RETRY_INTERVALS: tuple[int, ...] = (30, 120, 600, 3600)
    JOBS_TIMEOUT = 1800
    #: Webhooks (README, "Webhooks"): minutes between a failed message's attempts (one more
    #: attempt than waits), the seconds an answer is waited for, and whether plain http://
    #: addresses are allowed (development and tests only).
    WEBHOOK_RETRY_MINUTES: tuple[int, ...] = (1, 5, 30, 120, 720)
    WEBHOOK_TIMEOUT = int(os.environ.get("WEBHOOK_TIMEOUT", "10"))
    WEBHOOKS_ALLOW_HTTP = os.environ.get("WEBHOOKS_ALLOW_HTTP", "") == "1"
    #: Addresses on the portal's own network (private, loopback, link-local) are refused
    #: unless this is set (development and tests).
    WEBHOOKS_ALLOW_PRIVATE = os.environ.get("WEBHOOKS_ALLOW_PRIVATE", "") == "1"
    #: Where finished exports wait for their download.
    JOB_FILES = os.environ.get("JOB_FILES") or str(INSTANCE / "job-files")
    #: A job's file (an export holds client data) is removed this long after it was made.
    JOB_FILES_KEPT = timedelta(days=7)

    #: Photos and PDFs attached as evidence (README, "Photos and PDFs"): a folder outside
    #: the web root, or S3-compatible object storage when a bucket is named.
    ATTACHMENTS_DIR = os.environ.get("ATTACHMENTS_DIR") or str(INSTANCE / "attachments")
    ATTACHMENTS_S3_BUCKET = os.environ.get("ATTACHMENTS_S3_BUCKET") or None
    ATTACHMENTS_S3_ENDPOINT = os.environ.get("ATTACHMENTS_S3_ENDPOINT") or None
    ATTACHMENTS_S3_REGION = os.environ.get("ATTACHMENTS_S3_REGION") or None
    ATTACHMENTS_S3_PREFIX = os.environ.get("ATTACHMENTS_S3_PREFIX", "attachments/")
    #: The largest file kept; a request larger than MAX_CONTENT_LENGTH is refused with a page
    #: saying so before it is read.
    ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_MB", "10")) * 2**20
    #: Images are scaled so that their longer side is at most this many pixels...
    ATTACHMENT_MAX_SIDE = 2000
    #: ...and an image claiming more pixels than this is refused unopened (a decompression bomb).
    ATTACHMENT_MAX_PIXELS = 50_000_000
    #: Importing young people and companies from a spreadsheet (README, "Importing young people
    #: and companies"): the largest file, the most rows, how long a preview waits for its commit.
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_MB", "2")) * 2**20
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "2000"))
    IMPORT_PREVIEW_KEPT = timedelta(hours=2)

    #: Plugin names to load; None loads every installed plugin.
    PORTAL_PLUGINS: list[str] | None = _plugins_from_env()
    #: Extra plugin objects by name, registered as if installed (used by tests and embedders).
    PORTAL_EXTRA_PLUGINS: dict[str, object] = {}
    #: Days an employer still sees a trainee after the placement ended.
    EMPLOYER_VISIBILITY_DAYS = 30
    #: Weeks between tripartite reviews during a placement (the project chooses 4-6).
    REVIEW_INTERVAL_WEEKS = 4
    #: Dashboard figures are cached this long (and dropped at once when data changes).
    REPORTS_CACHE_SECONDS = 300
    #: Row-level exports allowed per admin per hour.
    EXPORT_RATE_LIMIT = "10 per hour"
    PAGE_SIZE = 25
    #: Whether "who has seen my information" names the staff who read, or gives only their
    #: role and organisation (the default; CJEU C-579/21: names only where essential).
    ACCESS_LOG_SHOWS_NAMES = os.environ.get("ACCESS_LOG_SHOWS_NAMES", "") == "1"
    #: Months after a client relationship closed before the retention job removes sensitive
    #: data (support needs, learning difficulties, language, consented support texts); the
    #: months give a young person who comes back a continuing record (docs/privacy.md).
    RETENTION_SENSITIVE_MONTHS = int(os.environ.get("RETENTION_SENSITIVE_MONTHS", "6"))
    #: Years after the project period ends that the funder (ESF+) requires participant
    #: records; then the job anonymises every client. 0: no such duty (anonymise at once
    #: after the period, and erasure on request is always possible).
    RETENTION_FUNDER_YEARS = int(os.environ.get("RETENTION_FUNDER_YEARS", "10"))
    HSTS = False

    # Running in production (portal/ops; README, "Running in production").
    #: ``json``: one JSON object per log line, with the request id; ``text``: Flask's lines.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    #: ``/metrics`` answers a scrape with ``Authorization: Bearer METRICS_TOKEN``...
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None
    #: ...or one from this host not through a proxy; ``0`` requires the token.
    METRICS_ALLOW_LOOPBACK = os.environ.get("METRICS_ALLOW_LOOPBACK", "1") == "1"
    #: RQ queues whose length and failed jobs ``/metrics`` reads from Redis.
    METRICS_RQ_QUEUES = tuple(
        q.strip() for q in os.environ.get("METRICS_RQ_QUEUES", "default").split(",") if q.strip()
    )
    #: Reverse proxies in front of the portal whose X-Forwarded-For/-Proto to trust (0: none).
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))
    #: PostgreSQL connections kept per process, extra ones under a burst, seconds before a
    #: connection is replaced, seconds to wait for a free one.
    DB_POOL_SIZE = int(os.environ.get("DB_POOL_SIZE", "5"))
    DB_MAX_OVERFLOW = int(os.environ.get("DB_MAX_OVERFLOW", "5"))
    DB_POOL_RECYCLE = int(os.environ.get("DB_POOL_RECYCLE", "1800"))
    DB_POOL_TIMEOUT = int(os.environ.get("DB_POOL_TIMEOUT", "10"))
    #: PostgreSQL's just-in-time compilation of statements (off: see ``portal.ops.pool``).
    DB_JIT = os.environ.get("DB_JIT", "") == "1"


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or "polku-dev-secret-not-for-production"
    # The demo is tried with the printed logins and no phone: the second factor is optional
    # here unless MFA_REQUIRED_ROLES is set (README, "Two-step sign-in").
    MFA_REQUIRED_ROLES: tuple[str, ...] = _roles_from_env(())
    EMAIL_ALLOW_TEST_DOMAINS = True


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    JOBS_INLINE = True  # the suite needs no worker; tests/test_jobs_worker.py runs a real one
    # The suite's receiving server is plain http on 127.0.0.1.
    WEBHOOKS_ALLOW_HTTP = True
    WEBHOOKS_ALLOW_PRIVATE = True
    JOB_FILES = os.environ.get("JOB_FILES") or str(Path(tempfile.gettempdir()) / "polku-test-jobs")
    ATTACHMENTS_DIR = str(Path(tempfile.gettempdir()) / "polku-test-attachments")
    SECRET_KEY = "polku-testing-secret-0123456789abcdef"  # noqa: S105 - refused in production
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite://")
    REDIS_URL = os.environ.get("REDIS_URL") or None
    WTF_CSRF_ENABLED = True
    # Cheap hashes keep the suite fast; production parameters are tested separately.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    RATELIMIT_ENABLED = False
    # Expired sessions are swept on a random 1 in 500 requests; tests count statements exactly.
    SESSION_CLEANUP_N_REQUESTS = None
    PORTAL_PLUGINS: list[str] | None = None
    SERVER_NAME = None
    EMAIL_ALLOW_TEST_DOMAINS = True


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-polku_session"
    HSTS = True
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for_environment() -> type[Config]:
    """Pick the config class from POLKU_ENV (development by default)."""
    return CONFIGS.get(os.environ.get("POLKU_ENV", "development"), DevelopmentConfig)


class InsecureSettings(RuntimeError):
    """Raised when production would start with settings that expose it."""


def check_production(config: dict[str, Any]) -> None:
    """Refuse the Werkzeug debugger (it runs any code a visitor types) and a weak secret; pin
    the trusted hosts to the public address when none are configured.

    ``flask run`` turns the debugger on from FLASK_DEBUG after the app is built, whatever the
    app's DEBUG says, so the flag itself stops the start."""
    if get_debug_flag():
        raise InsecureSettings("FLASK_DEBUG is on: the debugger must never run in production.")
    config["DEBUG"] = False
    check_secret_key(config.get("SECRET_KEY"))
    if config.get("TRUSTED_HOSTS") is None:
        config["TRUSTED_HOSTS"] = [urlsplit(config["PUBLIC_URL"]).hostname]


class InsecureSecretKey(InsecureSettings):
    """Raised when production would start with a weak SECRET_KEY."""


#: Bits a production secret must carry at least, as estimated by :func:`secret_entropy_bits`
#: (32 random hex digits, 128 real bits, are estimated at about 116).
MIN_SECRET_BITS = 100


def secret_entropy_bits(text: str) -> float:
    """An upper estimate of the secret's entropy: its length times the Shannon entropy of its
    characters. A key of one repeated character scores 0; ``secrets.token_urlsafe(32)`` ~230."""
    counts = Counter(text)
    per_char = -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())
    return per_char * len(text)


def _looks_patterned(text: str) -> bool:
    """A run of eight ascending or descending characters ("abcdefgh") or an eight-character
    piece that occurs twice: what a person typing a "random" key leaves, and a generator
    practically never does (for 64 random hex digits, less than once in a million)."""
    steps = [ord(b) - ord(a) for a, b in pairwise(text)]
    run = 0
    for previous, step in pairwise([0, *steps]):
        run = (run + 1 if step == previous else 1) if step in (1, -1) else 0
        if run >= 7:
            return True
    pieces = [text[i : i + 8] for i in range(len(text) - 7)]
    return len(pieces) != len(set(pieces))


def check_secret_key(secret: str | bytes | None) -> None:
    """Refuse a missing, short, low-entropy or known development secret."""
    if not secret:
        raise InsecureSecretKey("SECRET_KEY is not set.")
    text = secret.decode() if isinstance(secret, bytes) else secret
    if (
        text in KNOWN_DEV_SECRETS
        or text.startswith("polku-dev")
        or text.startswith("polku-testing")
    ):
        raise InsecureSecretKey("SECRET_KEY is a known development value.")
    if len(text) < MIN_SECRET_LENGTH:
        raise InsecureSecretKey(f"SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters.")
    if secret_entropy_bits(text) < MIN_SECRET_BITS or _looks_patterned(text):
        raise InsecureSecretKey(
            "SECRET_KEY looks guessable: generate one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'."
        )
