"""Prometheus metrics: request latency by endpoint, queue depth and job failures.

Under gunicorn each worker is a process of its own: with ``PROMETHEUS_MULTIPROC_DIR`` set
(``gunicorn.conf.py`` sets it) the values are kept in files there and summed at each scrape.
Background work reports through :func:`record_job_failure` and :func:`register_queue_depth`;
with ``REDIS_URL`` the RQ queues named in ``METRICS_RQ_QUEUES`` are read from Redis directly.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator

from flask import Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

REGISTRY = CollectorRegistry(auto_describe=True)
#: Buckets from a static file (1 ms) to the slowest page we tolerate before a timeout.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUEST_LATENCY = Histogram(
    "polku_request_duration_seconds",
    "Time to answer a request, by Flask endpoint (404s as 'none').",
    ["endpoint", "method", "status"],
    buckets=BUCKETS,
    registry=REGISTRY,
)
JOB_FAILURES = Counter(
    "polku_job_failures_total",
    "Background jobs that failed, by job name.",
    ["job"],
    registry=REGISTRY,
)

#: Queue name -> a function answering its current length (None when it cannot tell).
_QUEUE_DEPTHS: dict[str, Callable[[], int | None]] = {}


def register_queue_depth(queue: str, depth: Callable[[], int | None]) -> None:
    """Report ``depth()`` as ``polku_queue_depth{queue=...}`` at every scrape."""
    _QUEUE_DEPTHS[queue] = depth


def record_job_failure(job: str) -> None:
    """Count one failed run of ``job`` (call it from the worker's failure handler)."""
    JOB_FAILURES.labels(job=job).inc()


class QueueCollector(Collector):
    """Queue lengths read at scrape time: registered functions, then RQ's keys in Redis."""

    def __init__(self, redis_url: str | None, rq_queues: tuple[str, ...]) -> None:
        self.redis_url = redis_url
        self.rq_queues = rq_queues

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            "polku_queue_depth", "Jobs waiting in a background queue.", labels=["queue"]
        )
        failed = GaugeMetricFamily(
            "polku_queue_failed_jobs",
            "Jobs kept in a queue's failed-job registry (RQ).",
            labels=["queue"],
        )
        for queue, read in sorted(_QUEUE_DEPTHS.items()):
            value = _safely(read)
            if value is not None:
                depth.add_metric([queue], value)
        if self.redis_url and self.rq_queues:
            self._read_rq(depth, failed)
        yield depth
        yield failed

    def _read_rq(self, depth: GaugeMetricFamily, failed: GaugeMetricFamily) -> None:
        import redis  # the optional `redis` extra, present whenever REDIS_URL is set

        try:
            client = redis.from_url(self.redis_url, socket_timeout=1)
            for queue in self.rq_queues:
                if queue not in _QUEUE_DEPTHS:
                    depth.add_metric([queue], client.llen(f"rq:queue:{queue}"))
                failed.add_metric([queue], client.zcard(f"rq:failed:{queue}"))
        except redis.RedisError:
            log.warning("metrics: Redis did not answer; queue depths left out")


def _safely(read: Callable[[], int | None]) -> int | None:
    try:
        return read()
    except Exception:  # a metric must never break the scrape
        log.exception("metrics: a queue depth function failed")
        return None


def exposition() -> bytes:
    """The text a Prometheus scrape receives."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        process_metrics = CollectorRegistry()
        MultiProcessCollector(process_metrics)
    else:
        process_metrics = REGISTRY
    queues = CollectorRegistry()
    queues.register(
        QueueCollector(
            current_app.config.get("REDIS_URL"),
            tuple(current_app.config.get("METRICS_RQ_QUEUES", ())),
        )
    )
    return generate_latest(process_metrics) + generate_latest(queues)


def metrics_response() -> Response:
    return Response(exposition(), mimetype=CONTENT_TYPE_LATEST.split(";")[0])


def _start_timer() -> None:
    g.metrics_started = time.perf_counter()


def _observe(response: Response) -> Response:
    started = g.pop("metrics_started", None)
    if started is not None:
        method = request.method if request.method in METHODS else "other"
        REQUEST_LATENCY.labels(
            endpoint=request.endpoint or "none", method=method, status=str(response.status_code)
        ).observe(time.perf_counter() - started)
    return response


def init_metrics(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _start_timer)
    app.after_request(_observe)
