"""Attitude Training groups: 8-15 members for 1-2 weeks, or a confirmed reason."""

from __future__ import annotations

from datetime import date

MIN_MEMBERS, MAX_MEMBERS = 8, 15
MIN_DAYS, MAX_DAYS = 5, 14  # one working week to two calendar weeks


def length_is_unusual(start: date, end: date) -> bool:
    return not MIN_DAYS <= (end - start).days + 1 <= MAX_DAYS


def size_is_unusual(members: int) -> bool:
    return not MIN_MEMBERS <= members <= MAX_MEMBERS
