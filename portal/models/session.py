"""Server-side session records (the database session store)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.app.extensions import db


class ServerSession(db.Model):
    __tablename__ = "server_sessions"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    expiry: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    #: The signed-in user, so that the session and its user load in one statement.
    user_id: Mapped[int | None] = mapped_column(Integer)
