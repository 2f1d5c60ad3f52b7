"""The suite in parallel (pytest-xdist, ``-n 2``): each worker process gets a PostgreSQL schema
and a Redis database of its own, so the workers never see each other's rows, figure cache,
sessions or job queues. Loaded with ``-p`` before the conftests, because the app's settings
read ``DATABASE_URL`` and ``REDIS_URL`` when the portal is first imported."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import NullPool, create_engine, make_url, text

#: Workers use Redis databases after the one in REDIS_URL (a server has 16 by default).
REDIS_DATABASES = 16


def worker_number() -> int | None:
    """0, 1, … in a pytest-xdist worker (``gw0``, ``gw1``, …); None in a plain run."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return int(worker.removeprefix("gw")) if worker else None


def worker_database(url: str, number: int) -> str:
    """The PostgreSQL URL whose connections use the worker's own schema (created if missing)."""
    schema = f"polku_worker_{number}"
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine.dispose()
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False)


def worker_redis(url: str, number: int) -> str:
    """The Redis URL of the worker's own database number."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + 1 + number) % REDIS_DATABASES}"))


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests() -> None:
    number = worker_number()
    if number is None:
        return
    if url := os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = worker_database(url, number)
    if url := os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = worker_redis(url, number)
