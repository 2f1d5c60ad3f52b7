"""gunicorn's own log lines as JSON (``logger_class`` in ``gunicorn.conf.py``).

The access line is built from fields, not from an ``access_log_format`` template: the
template would put a quote in a User-Agent into the JSON unescaped.
"""

from __future__ import annotations

from gunicorn import glogging

from portal.ops.logs import json_formatter
from portal.ops.requestid import HEADER


class JsonLogger(glogging.Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(json_formatter())

    def access(self, resp, req, environ, request_time) -> None:
        if not getattr(self, "access_log_enabled", True):
            return
        atoms = self.atoms(resp, req, environ, request_time)
        request_id = next(
            (value for name, value in resp.headers if name.lower() == HEADER.lower()), None
        )
        self.access_log.info(
            "request",
            extra={
                "request_id": request_id,
                "remote": atoms["h"],
                "method": atoms["m"],
                # The path without the query string: a query may carry search terms.
                "path": atoms["U"],
                "status": resp.status_code,
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "user_agent": atoms["a"],
            },
        )
