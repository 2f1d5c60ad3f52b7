"""Attaching, listing, opening and removing files; the rules live here, views only translate.

A file is checked and re-encoded (``files``), stored under a random key (``storage``), and
recorded in ``attachments`` with the target it belongs to. Who may open it is the rule of
its target's kind, declared by the module that owns the target (``portal_attachment_targets``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, delete, func, select

from portal.access import audit
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.attachments import files
from portal.attachments.storage import new_key, storage
from portal.hooks.manager import collect
from portal.hooks.personal_data import AttachmentTarget
from portal.models import Attachment, User
from portal.models.attachment import EXTENSIONS

CAPTION_MAX = 200


def _limits() -> dict[str, int]:
    config = current_app.config
    return {
        "max_bytes": config["ATTACHMENT_MAX_BYTES"],
        "max_side": config["ATTACHMENT_MAX_SIDE"],
        "max_pixels": config["ATTACHMENT_MAX_PIXELS"],
    }


def read_upload(stream: IO[bytes] | None) -> bytes:
    """The uploaded bytes, read no further than one byte past the limit."""
    if stream is None:
        raise RuleError(_("Choose a file to attach."), field="file")
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise files.too_large(limit)
    return data


def attach(
    data: bytes,
    *,
    kind: str,
    target_id: int,
    client_id: int | None,
    actor: User,
    caption: str = "",
    commit: bool = True,
) -> Attachment:
    """Keep ``data`` as an attachment of ``kind`` ``target_id`` and commit (or, with
    ``commit=False``, add it to the caller's transaction: a step marked done with its photo
    is saved whole or not at all).

    The caller has checked that ``actor`` may add files to the target. The same file sent
    twice to the same target (a double submit) is stored once: the first row is returned.
    """
    caption = " ".join(caption.split())
    if len(caption) > CAPTION_MAX:
        raise RuleError(
            _("The caption can be at most %(n)s characters long.", n=CAPTION_MAX), field="caption"
        )
    clean = files.clean(data, **_limits())
    existing = _same_file(kind, target_id, clean.sha256)
    if existing is not None:
        return existing
    row = Attachment(
        client_id=client_id,
        uploaded_by=actor.id,
        target_kind=kind,
        target_id=target_id,
        content_type=clean.content_type,
        size=len(clean.data),
        storage_key=new_key(EXTENSIONS[clean.content_type]),
        sha256=clean.sha256,
        caption=caption,
    )
    storage().put(row.storage_key, clean.data, clean.content_type)
    if not commit:
        _record(row, actor)
        return row
    try:
        _record(row, actor)
        db.session.commit()
    except Exception:
        db.session.rollback()
        storage().delete(row.storage_key)
        existing = _same_file(kind, target_id, clean.sha256)
        if existing is not None:  # the other of two simultaneous submits won
            return existing
        raise
    return row


def _record(row: Attachment, actor: User) -> None:
    """Add the row and its audit event (flushed, for the row's id)."""
    audit.record_creation(
        row, "attachment_added", object_type=row.target_kind, actor=actor, client_id=row.client_id
    )


def _same_file(kind: str, target_id: int, sha256: str) -> Attachment | None:
    return db.session.scalar(
        select(Attachment).where(
            Attachment.target_kind == kind,
            Attachment.target_id == target_id,
            Attachment.sha256 == sha256,
        )
    )


def attachments_of(kind: str, target_ids: Iterable[int]) -> dict[int, list[Attachment]]:
    """The attachments of each of ``target_ids``, oldest first, in one statement."""
    ids = list(target_ids)
    found: dict[int, list[Attachment]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = db.session.scalars(
        select(Attachment)
        .where(Attachment.target_kind == kind, Attachment.target_id.in_(ids))
        .order_by(Attachment.id)
    )
    for row in rows:
        found[row.target_id].append(row)
    return found


def attachment_counts(kind: str, target_ids: Select | Sequence[int]) -> dict[int, int]:
    """How many files each target has, in one statement (for evidence counts)."""
    rows = db.session.execute(
        select(Attachment.target_id, func.count())
        .where(Attachment.target_kind == kind, Attachment.target_id.in_(target_ids))
        .group_by(Attachment.target_id)
    )
    return {target_id: count for target_id, count in rows}


def _targets() -> dict[str, AttachmentTarget]:
    return {t.kind: t for t in (*CORE_TARGETS, *collect("portal_attachment_targets"))}


def may_open(user: User, attachment: Attachment) -> bool:
    """Whether ``user`` may see the thing ``attachment`` is attached to (by its kind's rule)."""
    target = _targets().get(attachment.target_kind)
    if target is None:
        return False
    return bool(target.may_see(user, attachment.target_id, attachment.client_id))


def open_for(user: User, attachment_id: int) -> tuple[Attachment, bytes] | None:
    """The attachment and its bytes when ``user`` may open it (the read is audit-logged);
    None when it does not exist, the user may not see it, or its file is gone."""
    row = db.session.get(Attachment, attachment_id)
    if row is None or not may_open(user, row):
        if row is not None:
            audit.denied(row.client_id, "attachment", row.id)
        return None
    data = storage().get(row.storage_key)
    if data is None:
        return None
    if row.client_id is not None:
        audit.read(row.client_id, "attachment", row.id)
    return row, data


def removable(attachment_id: int, actor: User) -> Attachment | None:
    """The attachment when ``actor`` added it and still sees what it is attached to."""
    row = db.session.get(Attachment, attachment_id)
    if row is None or row.uploaded_by != actor.id or not may_open(actor, row):
        return None
    return row


def remove(attachment_id: int, actor: User) -> Attachment | None:
    """Remove the actor's own attachment and its file, and commit; None (the view answers 404)
    when there is no such attachment of theirs."""
    row = removable(attachment_id, actor)
    if row is None:
        return None
    key = row.storage_key
    audit.record(
        "attachment_removed",
        actor=actor,
        client_id=row.client_id,
        object_type=row.target_kind,
        object_id=row.id,
    )
    db.session.delete(row)
    db.session.commit()
    storage().delete(key)
    return row


def storage_keys_of_clients(client_ids: Select | Sequence[int]) -> list[str]:
    """The storage keys of the clients' files: read before their rows go, so the files can be
    deleted once the rows' removal has committed."""
    return list(
        db.session.scalars(
            select(Attachment.storage_key).where(Attachment.client_id.in_(client_ids))
        )
    )


def delete_rows_of_clients(client_ids: Select | Sequence[int]) -> int:
    """Delete the clients' attachment rows (no commit); returns how many."""
    return db.session.execute(
        delete(Attachment)
        .where(Attachment.client_id.in_(client_ids))
        .execution_options(synchronize_session=False)
    ).rowcount


def delete_files(keys: Iterable[str]) -> None:
    """Delete stored files whose rows are gone (after the commit that removed them)."""
    store = storage()
    for key in keys:
        store.delete(key)


def _job_search_visible(user: User, target_id: int, client_id: int | None) -> bool:
    """A job-search entry is the young person's and their coach's (and the admin's); never an
    employer's or a teacher's."""
    from portal.access.scoping import one_visible_client
    from portal.models import JobSearchActivity, Role

    if client_id is None or user.role not in (Role.CLIENT, Role.COACH, Role.ADMIN):
        return False
    entry = db.session.get(JobSearchActivity, target_id)
    if entry is None or entry.client_id != client_id:
        return False
    return db.session.scalar(one_visible_client(user, client_id)) is not None


JOB_SEARCH = "job_search"
CORE_TARGETS = (AttachmentTarget(kind=JOB_SEARCH, may_see=_job_search_visible),)
