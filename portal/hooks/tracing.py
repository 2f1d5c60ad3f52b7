"""Hook-call tracing, switched on with the environment variable ``PORTAL_TRACE_HOOKS=1``.

Each call of a plugin's implementation is logged on the ``portal.hooks.trace`` logger with the
plugin, the hook, the names of the arguments it took (never their values, which may hold personal
data), how long it ran and what it returned.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import Any

from flask import Flask

log = logging.getLogger("portal.hooks.trace")

ENVIRONMENT_VARIABLE = "PORTAL_TRACE_HOOKS"


def wanted() -> bool:
    """Whether the environment asks for tracing (any value but empty, ``0`` or ``false``)."""
    return os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower() not in ("", "0", "false")


def switch_on(app: Flask) -> None:
    """Let trace records through to the app's log handler (stderr unless configured)."""
    app.logger  # noqa: B018 - creating the app's logger attaches Flask's default handler
    log.setLevel(logging.INFO)


def describe(result: Any) -> str:
    """The type of a hook's answer, with the item types of a list."""
    if isinstance(result, list | tuple):
        kinds = sorted({type(item).__name__ for item in result})
        return f"{type(result).__name__}[{', '.join(kinds)}] of {len(result)}"
    return type(result).__name__


def traced(
    plugin_name: str, hook_name: str, function: Callable[..., Any], kwargs: dict[str, Any]
) -> Any:
    """Call ``function(**kwargs)`` and log the call, also when it raises."""
    started = time.perf_counter()
    answer = "raised"
    try:
        result = function(**kwargs)
        answer = describe(result)
        return result
    finally:
        log.info(
            "%s.%s(%s) %.1f ms -> %s",
            plugin_name,
            hook_name,
            ", ".join(kwargs),
            (time.perf_counter() - started) * 1000,
            answer,
        )
