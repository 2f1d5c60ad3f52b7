"""A short cache of dashboard figures, invalidated whenever reported data changes.

Any commit that adds, changes or deletes a client, an outcome, a follow-up, a placement,
a group or the settings bumps a data version; cached figures carry the version they were
computed at, so a stale entry is never served. The cache lives in Redis with ``REDIS_URL``
(shared by every process), otherwise in the process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cachelib import BaseCache, RedisCache, SimpleCache
from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.models import (
    Client,
    ClientSensitive,
    FollowUp,
    Group,
    Outcome,
    Placement,
    Project,
)

REPORTED = (Client, ClientSensitive, Outcome, FollowUp, Placement, Group, Project)
VERSION_KEY = "reports:version"
EXTENSION = "reports_cache"


def init_cache(app: Flask) -> None:
    if app.config.get("REDIS_URL"):
        import redis

        backend: BaseCache = RedisCache(
            redis.from_url(app.config["REDIS_URL"]), key_prefix=f"polku:{app.config['ENV_NAME']}:"
        )
    else:
        backend = SimpleCache(threshold=500)
    app.extensions[EXTENSION] = backend


def _cache() -> BaseCache:
    return current_app.extensions[EXTENSION]


def data_version() -> int:
    return int(_cache().get(VERSION_KEY) or 0)


def bump() -> None:
    """Mark every cached figure stale (also call after bulk inserts that skip the ORM)."""
    cache = _cache()
    if cache.inc(VERSION_KEY) is None:
        cache.set(VERSION_KEY, data_version() + 1, timeout=0)


def cached(key: str, compute: Callable[[], Any]) -> Any:
    seconds = current_app.config.get("REPORTS_CACHE_SECONDS", 300)
    if not seconds:
        return compute()
    full_key = f"reports:{data_version()}:{key}"
    value = _cache().get(full_key)
    if value is None:
        value = compute()
        _cache().set(full_key, value, timeout=seconds)
    return value


@event.listens_for(Session, "after_flush")
def _note_reported_changes(session: Session, _context) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, REPORTED) for obj in changed):
        session.info["reports_changed"] = True


@event.listens_for(Session, "after_commit")
def _invalidate(session: Session) -> None:
    if session.info.pop("reports_changed", False) and has_app_context():
        bump()
