"""Shared column helpers for the core models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from portal.app.clock import utcnow

__all__ = ["Timestamped", "Versioned", "utcnow"]


class Timestamped:
    """Created and updated times, UTC."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Versioned:
    """Optimistic locking: a save based on a stale row raises ``StaleDataError``.

    Forms carry the version they were rendered with; ``portal.concurrency`` compares it
    before saving so that the second of two concurrent edits is refused with a message.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}
