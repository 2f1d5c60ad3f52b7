"""When an idle session ends, for the page to say so (WCAG 2.2.1, Timing Adjustable): the
time in words for everyone, and the seconds for the script that warns before the end and
offers to stay signed in (static/polku.js, through the keep-alive address)."""

from __future__ import annotations

import functools
from datetime import datetime

from flask import Flask, current_app, session
from flask_babel import format_time, get_locale, get_timezone
from flask_login import current_user

from portal.app import clock
from portal.app.sessions import idle_counts_from


def session_timing() -> dict[str, float | datetime] | None:
    """The end of the signed-in session if nothing is done: the idle limit from the store's
    idle clock, or the absolute limit when that comes first; None when nobody is signed in."""
    if not current_user.is_authenticated:
        return None
    cfg = current_app.config
    now = clock.utcnow()
    idle = cfg["PERMANENT_SESSION_LIFETIME"].total_seconds()
    absolute = cfg["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
    signed_in_at = session.get("signed_in_at", now.timestamp())
    idle_left = idle_counts_from(session) + idle - now.timestamp()
    seconds = max(0.0, min(idle_left, signed_in_at + absolute - now.timestamp()))
    ends_at = datetime.fromtimestamp(now.timestamp() + seconds, tz=now.tzinfo)
    return {
        "seconds": int(seconds),
        "warn": int(cfg["SESSION_WARNING_BEFORE"].total_seconds()),
        "ends_at": ends_at,
        "ends_at_text": _short_time(
            str(get_locale()), str(get_timezone()), ends_at.replace(second=0, microsecond=0)
        ),
    }


@functools.lru_cache(maxsize=1024)
def _short_time(locale: str, zone: str, minute: datetime) -> str:
    """The end's clock time, formatted once per minute, language and zone in a process
    (Babel's formatting is a noticeable part of a page); called in that language and zone."""
    return format_time(minute, "short")


def init_timeout(app: Flask) -> None:
    app.jinja_env.globals["session_timing"] = session_timing
