"""Connection pool settings for a server database (PostgreSQL), from the config."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url


def apply_pool_settings(config: dict[str, Any]) -> None:
    """Size the pool of a server database: ``DB_POOL_SIZE`` connections kept per process,
    ``DB_MAX_OVERFLOW`` more under a burst, each checked before use (``pool_pre_ping``: a
    database restart costs one retry, not an error page) and replaced after
    ``DB_POOL_RECYCLE`` seconds. SQLite keeps SQLAlchemy's own pool, which takes none of these.
    Explicit ``SQLALCHEMY_ENGINE_OPTIONS`` keys win."""
    url = config.get("SQLALCHEMY_DATABASE_URI") or ""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("pool_pre_ping", True)
    if make_url(url).get_backend_name() != "sqlite":
        options.setdefault("pool_size", config.get("DB_POOL_SIZE", 5))
        options.setdefault("max_overflow", config.get("DB_MAX_OVERFLOW", 5))
        options.setdefault("pool_recycle", config.get("DB_POOL_RECYCLE", 1800))
        options.setdefault("pool_timeout", config.get("DB_POOL_TIMEOUT", 10))
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options
