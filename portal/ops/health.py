"""Probes for the process manager and the load balancer, and the metrics endpoint.

``/livez``: the process answers (no database: a database outage must not restart every
worker). ``/readyz``: the database answers, Redis answers when configured, and the database
is at the head of every migration branch (the core and each plugin), so a worker started
before ``flask db upgrade`` is not sent traffic. ``/metrics``: Prometheus, not public.
"""

from __future__ import annotations

import hmac
import ipaddress

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, abort, current_app, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.access.permissions import public
from portal.app.extensions import db
from portal.ops.metrics import metrics_response

bp = Blueprint("ops", __name__)
HEADS = "polku_migration_heads"
#: Headers a reverse proxy adds: a request carrying one came from elsewhere.
FORWARDED = ("Forwarded", "X-Forwarded-For", "X-Real-IP")


@bp.route("/livez")
@public
def livez():
    return jsonify(status="ok")


@bp.route("/readyz")
@public
def readyz():
    checks = {"database": _database(), "migrations": "skipped", "redis": "skipped"}
    if checks["database"] == "ok":
        checks["migrations"] = _migrations()
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis()
    ready = all(value in ("ok", "skipped") for value in checks.values())
    return jsonify(status="ok" if ready else "unavailable", **checks), 200 if ready else 503


@bp.route("/metrics")
@public
def metrics():
    if not metrics_allowed():
        abort(404)  # as for any address that is not there (docs/adr/0004)
    return metrics_response()


def metrics_allowed() -> bool:
    """A scrape shows ``Authorization: Bearer METRICS_TOKEN``, or (with
    ``METRICS_ALLOW_LOOPBACK``) comes from this host directly, not through a proxy."""
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    if not current_app.config.get("METRICS_ALLOW_LOOPBACK", True):
        return False
    if any(name in request.headers for name in FORWARDED):
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except SQLAlchemyError:
        db.session.rollback()
        return "unavailable"


def _migrations() -> str:
    try:
        with db.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError:
        return "unavailable"
    return "ok" if current == expected_heads(current_app) else "behind"


def expected_heads(app: Flask) -> set[str]:
    """The head of every branch this code knows (read once per process: new code means a new
    process)."""
    heads = app.extensions.get(HEADS)
    if heads is None:
        config = app.extensions["migrate"].migrate.get_config()
        heads = app.extensions[HEADS] = frozenset(ScriptDirectory.from_config(config).get_heads())
    return set(heads)


def _redis() -> str:
    import redis  # the optional `redis` extra, present whenever REDIS_URL is set

    try:
        redis.from_url(current_app.config["REDIS_URL"], socket_timeout=1).ping()
        return "ok"
    except redis.RedisError:
        return "unavailable"
