"""Running the portal in production: request ids, JSON logs, metrics, health checks, proxies."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.ops.pool import apply_pool_settings, tune_connections

__all__ = ["apply_pool_settings", "init_ops", "tune_connections"]


def init_ops(app: Flask) -> None:
    """Wire the request id, the log format, the metrics and the probes into ``app``."""
    from portal.ops import health, logs, metrics, requestid

    hops = app.config.get("PROXY_FIX_X_FOR", 0)
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_prefix=0
        )
    requestid.init_request_id(app)
    logs.init_logging(app)
    metrics.init_metrics(app)
    app.register_blueprint(health.bp)
