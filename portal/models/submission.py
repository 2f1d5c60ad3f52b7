"""One-time form tokens: a create or edit sent twice is stored once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.app.extensions import db
from portal.models.base import utcnow


class FormSubmission(db.Model):
    """A form token already used: inserted in the same transaction as the change it saved.

    The primary key makes a replay (even a concurrent one) fail at the database; what the
    first submission saved (``result_type``/``result_id``) lets the replay answer as it did.
    ``form`` is the address the token was posted to: the same token posted to another form is
    refused, not answered as that form's replay.
    """

    __tablename__ = "form_submissions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    form: Mapped[str | None] = mapped_column(String(255))
    result_type: Mapped[str | None] = mapped_column(String(100))
    result_id: Mapped[int | None] = mapped_column(Integer)
    completed: Mapped[bool] = mapped_column(default=False)
