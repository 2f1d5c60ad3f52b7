"""Files attached to something in the portal: a photo or a PDF kept as evidence."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.app.extensions import db
from portal.models.base import utcnow

#: The extension of each stored type (a stored file's name is a random key and this).
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


class Attachment(db.Model):
    """One stored file, attached to a target that the owning module defines by a kind and an
    id (``onboarding_mark``, ``demonstration``, ``job_search``...). The bytes live in the
    configured storage under ``storage_key``; who may open it is the target's rule.

    ``client_id`` is the young person the file is about; it is empty for a workplace photo of
    an onboarding model's step, which belongs to the company's model, not to a person.
    """

    __tablename__ = "attachments"
    __table_args__ = (
        # The same file twice on the same target (a double submit) is stored once.
        UniqueConstraint("target_kind", "target_id", "sha256", name="uq_attachments_target_file"),
        Index("ix_attachments_target", "target_kind", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    target_kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    caption: Mapped[str] = mapped_column(String(200), default="")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]
