"""The daily retention job: sensitive data removed, then clients anonymised, on schedule.

Both steps work from the table declarations (``portal.privacy.catalog`` and plugins'
``portal_personal_data``), in one transaction, and only touch what is not yet removed, so a
second run changes nothing. Anonymisation keeps dates, phases, codes and counts, so the
reports aggregate the same figures before and after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Select, String, cast, func, literal, or_, select, update

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.attachments import service as attachments
from portal.hooks.personal_data import PersonalTable
from portal.models import Attachment, Client, User
from portal.privacy.catalog import APPEND_ONLY, personal_tables
from portal.privacy.linkage import client_links, rows_of
from portal.privacy.periods import anonymisation_due, sensitive_due
from portal.reports import kept
from portal.reports.cache import bump

SENSITIVE = "sensitive"
ANONYMISE = "anonymise"


@dataclass
class RetentionReport:
    """Rows changed per kind and table; a dry run counts what a real run would change."""

    dry_run: bool
    clients: dict[str, int] = field(default_factory=lambda: {SENSITIVE: 0, ANONYMISE: 0})
    rows: dict[str, dict[str, int]] = field(default_factory=lambda: {SENSITIVE: {}, ANONYMISE: {}})
    #: Stored files of anonymised clients, deleted once the removal of their rows commits.
    files: list[str] = field(default_factory=list)

    def add(self, kind: str, table: str, count: int) -> None:
        if count:
            self.rows[kind][table] = self.rows[kind].get(table, 0) + count

    def summary(self) -> str:
        parts = [
            f"{kind}: {self.clients[kind]} clients, {sum(self.rows[kind].values())} rows"
            for kind in (SENSITIVE, ANONYMISE)
        ]
        return ("dry run; " if self.dry_run else "") + "; ".join(parts)


def _filled(column: Column) -> Any:
    return func.coalesce(column, "") != ""


def _empty(column: Column) -> Any:
    return None if column.nullable else ""


def _blank(
    declared: PersonalTable,
    names: Sequence[str],
    client_ids: Select,
    kind: str,
    report: RetentionReport,
) -> None:
    """Empty ``names`` in the client's rows that still hold something in one of them."""
    if not names or declared.table in APPEND_ONLY:
        return
    metadata = db.metadata
    table = metadata.tables[declared.table]
    columns = [table.c[name] for name in names]
    statement = (
        update(table)
        .where(rows_of(metadata, client_links(metadata), table.name, client_ids))
        .where(or_(*(_filled(c) for c in columns)))
        .values({c.name: _empty(c) for c in columns})
        .execution_options(synchronize_session=False)
    )
    report.add(kind, table.name, db.session.execute(statement).rowcount)


def _scrub(declared: PersonalTable, client_ids: Select, report: RetentionReport) -> None:
    """Apply the declared scrub functions to JSON columns, writing only rows that change."""
    if not declared.scrub:
        return
    metadata = db.metadata
    table = metadata.tables[declared.table]
    (key,) = table.primary_key.columns
    condition = rows_of(metadata, client_links(metadata), table.name, client_ids)
    for name, scrub in declared.scrub.items():
        column = table.c[name]
        for row_id, value in db.session.execute(select(key, column).where(condition)).all():
            kept = scrub(value)
            if kept != value:
                db.session.execute(update(table).where(key == row_id).values({name: kept}))
                report.add(ANONYMISE, table.name, 1)


def remove_sensitive(report: RetentionReport) -> None:
    due = sensitive_due()
    report.clients[SENSITIVE] = db.session.scalar(select(func.count()).select_from(due.subquery()))
    for declared in personal_tables():
        _blank(declared, declared.sensitive, due, SENSITIVE, report)


def anonymise(report: RetentionReport) -> None:
    due = anonymisation_due()
    report.clients[ANONYMISE] = db.session.scalar(select(func.count()).select_from(due.subquery()))
    if not report.clients[ANONYMISE]:
        return
    # Photos and files cannot be anonymised: they go, rows and files.
    report.files = attachments.storage_keys_of_clients(due)
    report.add(ANONYMISE, Attachment.__tablename__, attachments.delete_rows_of_clients(due))
    clients = None
    for declared in personal_tables():
        _scrub(declared, due, report)
        if declared.table == Client.__tablename__:
            clients = declared
        else:
            _blank(declared, (*declared.free_text, *declared.sensitive), due, ANONYMISE, report)
    anonymise_accounts(select(Client.user_id).where(Client.id.in_(due)))
    assert clients is not None  # the core declares its own tables
    values: dict[str, Any] = {name: "" for name in clients.free_text}
    # A neutral label instead of the name, so lists still have something to link.
    values["last_name"] = literal("#").concat(cast(Client.id, String))
    changed = db.session.execute(
        update(Client)
        .where(Client.id.in_(due))
        .values(**values, anonymised_at=clock.utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    report.add(ANONYMISE, Client.__tablename__, changed)


def anonymise_accounts(user_ids: Select) -> None:
    """Close the young people's accounts and remove what identifies them.

    The row stays: the audit trail refers to it as the actor of what they did.
    """
    db.session.execute(
        update(User)
        .where(User.id.in_(user_ids))
        .values(
            email=literal("removed-").concat(cast(User.id, String)).concat("@invalid"),
            name="",
            phone=None,
            password_hash=None,
            active=False,
            locale=None,
            login_generation=User.login_generation + 1,
        )
        .execution_options(synchronize_session=False)
    )


def run(*, dry_run: bool) -> RetentionReport:
    """Run the job; a dry run rolls its changes back. Either way one audit event records it."""
    report = RetentionReport(dry_run=dry_run)
    nested = db.session.begin_nested()
    remove_sensitive(report)
    anonymise(report)
    kept.refresh()  # the writes above bypass the listeners that keep the reports' rows
    if dry_run:
        nested.rollback()
    else:
        nested.commit()
    audit.record(
        "retention_run", object_type="dry_run" if dry_run else "run", purpose=report.summary()
    )
    db.session.commit()
    if not dry_run:
        attachments.delete_files(report.files)
        bump()  # figures stay the same by design; a cached list must not show old names
    return report
