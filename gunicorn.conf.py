"""gunicorn settings for Polku: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Every value can be changed from the environment (README, "Running in production").
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: one request per process, so one slow page never stalls another's connection.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A request running longer than this is killed and the worker replaced (exports run as jobs).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On HUP or TERM, requests already started get this long to finish (zero-downtime reloads).
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 2
# A worker is replaced after about this many requests, so a slow leak cannot grow without end
# (0: never; a new worker takes seconds to load the app, so not too often).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# The reverse proxy in front: only its addresses may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
limit_request_line = 8190
limit_request_fields = 100

# Logs on stderr for the service manager to collect, one JSON object per line; the access
# line carries the request id the portal answered with (X-Request-ID).
logger_class = "portal.ops.gunicorn_log.JsonLogger"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
os.environ.setdefault("LOG_FORMAT", "json")  # the portal's own lines alike

# Metrics from every worker are summed at each scrape (portal/ops/metrics.py): the workers
# write them to files in one directory, emptied when gunicorn starts.
_METRICS_DIR = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", os.path.join(tempfile.gettempdir(), "polku-metrics")
)


def on_starting(server) -> None:
    shutil.rmtree(_METRICS_DIR, ignore_errors=True)
    os.makedirs(_METRICS_DIR, exist_ok=True)


def child_exit(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
