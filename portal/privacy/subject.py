"""The subject-access export (GDPR Art. 15 and 20): every row about one young person.

One statement per declared table, whatever the amount of data; the same content serves the
machine-readable JSON file and the readable page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from sqlalchemy import Select, select

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, User
from portal.privacy.catalog import personal_tables
from portal.privacy.linkage import client_links, rows_of

FORMAT = "polku-subject-access/1"

#: Columns of the young person's own account that are never handed out.
ACCOUNT_COLUMNS = ("id", "email", "name", "role", "locale", "active", "phone", "created_at")


@dataclass
class Section:
    table: str
    title: str
    columns: list[str]
    withheld: dict[str, str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def readable(self) -> list[list[tuple[str, str]]]:
        """Each row as (field, value) pairs for the printable page; the row keys and version
        counters that mean nothing to a person are only in the file."""
        return [
            [
                (name.replace("_", " ").capitalize(), _text(value))
                for name, value in row.items()
                if not _internal(name)
            ]
            for row in self.rows
        ]


def _internal(name: str) -> bool:
    return name in ("id", "version") or name.endswith("_id")


def _text(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_datetime(value, "short")
    if isinstance(value, date):
        return format_date(value, "short")
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    return str(value)


@dataclass
class SubjectExport:
    client_id: int
    generated_at: datetime
    account: dict[str, Any] | None
    sections: list[Section]

    @property
    def generated_label(self) -> str:
        return _text(self.generated_at)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "generated_at": self.generated_at.isoformat(),
            "client_id": self.client_id,
            "account": self.account,
            "tables": [section.__dict__ for section in self.sections],
        }

    def dumps(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def enrolments_of(client: Client) -> Select:
    """The ids of every enrolment of ``client``'s person, in any project (ADR 0029)."""
    return select(Client.id).where(Client.person_id == client.person_id)


def collect_export(client: Client) -> SubjectExport:
    """Read everything stored about ``client``'s person, in every enrolment (no audit: see
    :func:`export_for`)."""
    metadata = db.metadata
    links = client_links(metadata)
    enrolments = enrolments_of(client)
    sections = []
    for declared in personal_tables():
        table = metadata.tables[declared.table]
        columns = [c for c in table.columns if c.name not in declared.withheld]
        query = select(*columns).where(rows_of(metadata, links, table.name, enrolments))
        rows = db.session.execute(query.order_by(*table.primary_key.columns)).mappings()
        sections.append(
            Section(
                table=table.name,
                title=str(declared.title),
                columns=[c.name for c in columns],
                withheld={name: str(why) for name, why in declared.withheld.items()},
                rows=[dict(row) for row in rows],
            )
        )
    account = None
    if client.user_id is not None:
        user_columns = [User.__table__.c[name] for name in ACCOUNT_COLUMNS]
        row = db.session.execute(select(*user_columns).where(User.id == client.user_id)).first()
        account = dict(row._mapping) if row else None
    return SubjectExport(client.id, clock.utcnow(), account, sections)


def export_for(client: Client, actor: User, *, fmt: str, purpose: str) -> SubjectExport:
    """The export, with the audit event of handing it out committed."""
    export = collect_export(client)
    audit.record(
        "subject_export",
        actor=actor,
        client_id=client.id,
        object_type=fmt,
        purpose=purpose,
    )
    db.session.commit()
    return export
