"""Erasure on request (GDPR Art. 17), where the law allows it: by the admin, with a reason."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import delete, select

from portal.access import audit
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.attachments import service as attachments
from portal.models import Client, User
from portal.privacy.catalog import APPEND_ONLY
from portal.privacy.linkage import CLIENTS, client_links, rows_of
from portal.privacy.periods import schedule_of
from portal.privacy.retention import anonymise_accounts
from portal.reports.cache import bump


def why_not_erasable(client: Client) -> str | None:
    """Why the law keeps ``client``'s data now, in the user's language; None when it does not."""
    until = schedule_of(client).erasure_blocked_until
    if until is None:
        return None
    return _(
        "This young person has taken part in the project's funded activities. The funder "
        "requires the participant records to be kept until %(day)s, so the data cannot be "
        "erased on request before then (GDPR Art. 17(3)(b)). It is anonymised automatically "
        "after that. Until then you can correct the data, and sensitive data is removed "
        "on schedule after the relationship closes.",
        day=format_date(until, "long"),
    )


def erase(client: Client, actor: User, reason: str) -> None:
    """Delete every row about ``client`` except the append-only audit trail, and close and
    anonymise their account; the audit event keeps the reason (and no name)."""
    blocked = why_not_erasable(client)
    if blocked:
        raise RuleError(blocked)
    if not reason.strip():
        raise RuleError(_("Give the reason for the erasure."), field="reason")
    metadata = db.metadata
    links = client_links(metadata)
    client_id, user_id = client.id, client.user_id
    files = attachments.storage_keys_of_clients([client_id])
    linked = [t for t in metadata.sorted_tables if t.name in links and t.name not in APPEND_ONLY]
    for table in reversed(linked):  # children before the rows they refer to
        db.session.execute(
            delete(table)
            .where(rows_of(metadata, links, table.name, [client_id]))
            .execution_options(synchronize_session=False)
        )
    db.session.expunge(client)
    clients = metadata.tables[CLIENTS]
    db.session.execute(delete(clients).where(clients.c.id == client_id))
    if user_id is not None:
        anonymise_accounts(select(User.id).where(User.id == user_id))
    audit.record(
        "client_erased", actor=actor, client_id=client_id, object_type="client", purpose=reason
    )
    db.session.commit()
    attachments.delete_files(files)  # the rows are gone: now their files
    bump()  # the rows went without the ORM, which otherwise marks cached figures stale
