"""Erasure on request (GDPR Art. 17), where the law allows it: by the admin, with a reason."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import delete, select

from portal.access import audit
from portal.access.merged import of_person
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.attachments import service as attachments
from portal.models import Client, Person, User
from portal.privacy.catalog import APPEND_ONLY
from portal.privacy.linkage import CLIENTS, client_links, rows_of
from portal.privacy.periods import schedule_of
from portal.privacy.retention import anonymise_accounts
from portal.reports import kept
from portal.reports.cache import bump


def why_not_erasable(client: Client) -> str | None:
    """Why the law keeps ``client``'s data now, in the user's language; None when it does not.
    Erasure covers the person's every enrolment, so any of them can keep it."""
    enrolments = db.session.scalars(select(Client).where(Client.person_id == client.person_id))
    blocks = [schedule_of(e).erasure_blocked_until for e in enrolments]
    until = max((day for day in blocks if day is not None), default=None)
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
    """Delete every row about ``client``'s person, in every enrolment, except the append-only
    audit trail, and close and anonymise their account; the audit event keeps the reason
    (and no name)."""
    blocked = why_not_erasable(client)
    if blocked:
        raise RuleError(blocked)
    if not reason.strip():
        raise RuleError(_("Give the reason for the erasure."), field="reason")
    metadata = db.metadata
    links = client_links(metadata)
    client_id, person_id = client.id, client.person_id
    # every enrolment, and the records merged into them (ADR 0056)
    enrolments = db.session.execute(
        select(Client.id, Client.user_id, Client.person_id).where(
            Client.id.in_(of_person(person_id))
        )
    ).all()
    ids = [e.id for e in enrolments]
    files = attachments.storage_keys_of_clients(ids)
    # The rows go without the ORM: the kept counts let go of them first.
    kept.forget(ids, db.session.connection())
    linked = [t for t in metadata.sorted_tables if t.name in links and t.name not in APPEND_ONLY]
    for table in reversed(linked):  # children before the rows they refer to
        db.session.execute(
            delete(table)
            .where(rows_of(metadata, links, table.name, ids))
            .execution_options(synchronize_session=False)
        )
    db.session.expunge(client)
    clients = metadata.tables[CLIENTS]
    db.session.execute(delete(clients).where(clients.c.id.in_(ids)))
    persons = {person_id, *(e.person_id for e in enrolments)}
    db.session.execute(delete(Person.__table__).where(Person.__table__.c.id.in_(persons)))
    accounts = [e.user_id for e in enrolments if e.user_id is not None]
    if accounts:
        anonymise_accounts(select(User.id).where(User.id.in_(accounts)))
    audit.record(
        "client_erased", actor=actor, client_id=client_id, object_type="client", purpose=reason
    )
    db.session.commit()
    attachments.delete_files(files)  # the rows are gone: now their files
    bump()  # the rows went without the ORM, which otherwise marks cached figures stale
