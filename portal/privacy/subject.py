"""The subject-access export (GDPR Art. 15 and 20): every row about one young person.

One statement for every declared table, whatever the amount of data (ADR 0032); the same
content serves the machine-readable JSON file and the readable page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import (
    Column,
    CompoundSelect,
    Enum,
    Numeric,
    Table,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    select,
    union_all,
)

from portal.access import audit
from portal.access.merged import of_person
from portal.app import clock
from portal.app.extensions import db
from portal.app.i18n import LANGUAGE_NAMES
from portal.hooks.personal_data import PersonalTable
from portal.models import Client, User
from portal.models.labels import ROLE_LABELS
from portal.privacy.catalog import APPEND_ONLY, personal_tables
from portal.privacy.dates import writer
from portal.privacy.fields import ACCOUNT
from portal.privacy.linkage import CLIENTS, client_links, rows_of
from portal.privacy.trail import TrailKey, trail_page

FORMAT = "polku-subject-access/1"

#: Columns of the young person's own account that are never handed out.
ACCOUNT_COLUMNS = ("id", "email", "name", "role", "locale", "active", "phone", "created_at")
#: The words for the account's codes: the role, and the language by its own name.
ACCOUNT_VALUES: Mapping[str, Mapping[str, Any]] = {"role": ROLE_LABELS, "locale": LANGUAGE_NAMES}


@dataclass
class Section:
    table: str
    title: str
    columns: list[str]
    withheld: dict[str, str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    #: The declaration's words for columns and codes (``PersonalTable.labels``, ``values``).
    labels: Mapping[str, Any] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Columns that point at other rows (keys, whatever their names: ``uploaded_by``).
    keys: frozenset[str] = frozenset()
    #: The rows are one page of a trail that only grows (newest first); the file holds all.
    paged: bool = False
    #: The key of the page of older rows, when there are any.
    older: TrailKey | None = None

    def readable(self) -> list[list[tuple[str, str]]]:
        """Each row as (field, value) pairs for the printable page; the row keys and version
        counters that mean nothing to a person are only in the file. Each label and each
        code's words are put into the reader's language once for the section, not per row."""
        if not self.rows:
            return []
        shown = [name for name in self.columns if not (_internal(name) or name in self.keys)]
        labels = {name: _label(name, self.labels) for name in shown}
        values = {name: _Spoken(words) for name, words in self.values.items()}
        return [_readable(row, labels, values, self.keys) for row in self.rows]

    def left_out(self) -> list[tuple[str, str]]:
        """The withheld columns, each by its label, with why."""
        return [(_label(name, self.labels), why) for name, why in self.withheld.items()]

    def as_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "title": self.title,
            "columns": self.columns,
            "withheld": self.withheld,
            "rows": self.rows,
        }


class _Spoken(dict):
    """A code → words mapping whose words are translated once, when first shown."""

    def __init__(self, words: Mapping[str, Any]) -> None:
        super().__init__()
        self._words = words

    def __contains__(self, code: object) -> bool:
        return code in self._words

    def __missing__(self, code: str) -> str:
        self[code] = spoken = str(self._words[code])
        return spoken


def _readable(
    row: Mapping[str, Any],
    labels: Mapping[str, Any],
    values: Mapping[str, Mapping[str, Any]],
    keys: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    return [
        (_label(name, labels), _text(_words(value, values.get(name))))
        for name, value in row.items()
        if not (_internal(name) or name in keys)
    ]


def _label(name: str, labels: Mapping[str, Any]) -> str:
    """A column's label; a column its declaration gives none keeps its name, humanised."""
    label = labels.get(name)
    return str(label) if label is not None else name.replace("_", " ").capitalize()


def _words(value: Any, words: Mapping[str, Any] | None) -> Any:
    """The words for a stored code, or for each code of a stored list, where there are any;
    other values as they are."""
    if words is None:
        return value
    if isinstance(value, list):
        return [_words(item, words) for item in value]
    if not isinstance(value, str) or value not in words:
        return value
    return words[value]


def row_keys(columns: Sequence[Column]) -> frozenset[str]:
    """The columns that point at rows: keys and foreign keys whatever their names
    (``uploaded_by``), and the kind of a pointer to a row of one of several kinds
    (``target_kind`` beside ``target_id``)."""
    names = {c.name for c in columns}
    pointers = {
        n for n in names if n.endswith("_kind") and f"{n.removesuffix('_kind')}_id" in names
    }
    return frozenset(c.name for c in columns if c.primary_key or c.foreign_keys) | pointers


def _internal(name: str) -> bool:
    return name in ("id", "version") or name.endswith("_id")


def _text(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return writer().datetime(value)
    if isinstance(value, date):
        return writer().date(value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, float | Decimal):  # points, percentages: "1,5" in Finnish
        return format_decimal(value)
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

    def readable_account(self) -> list[tuple[str, str]]:
        """The account as (field, value) pairs for the printable page."""
        return _readable(self.account or {}, ACCOUNT, ACCOUNT_VALUES)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "generated_at": self.generated_at.isoformat(),
            "client_id": self.client_id,
            "account": self.account,
            "tables": [section.as_json() for section in self.sections],
        }

    def dumps(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


@dataclass(frozen=True)
class _Part:
    """One declared table of the export and its places in the statement's rows."""

    declared: PersonalTable
    table: Table
    columns: list[Column]
    #: Where each of the table's columns is in a row of :attr:`_Layout.statement`.
    places: tuple[int, ...] = ()
    #: Read a page at a time by :func:`trail_page`, not by the statement (readable page),
    #: through this column naming the client.
    owner: str | None = None


@dataclass(frozen=True)
class _Layout:
    parts: list[_Part]
    statement: CompoundSelect


def _kind(column: Column) -> tuple[Any, ...]:
    """What a place in the statement's rows holds: columns whose values come back alike (the
    same type, its length aside) share places, each table using as many as it needs."""
    compiled = column.type.compile(db.engine.dialect)
    exact = repr(column.type) if isinstance(column.type, Enum | Numeric) else ""
    return (type(column.type), re.sub(r"\(\d+\)", "", compiled), exact)


def _layout(paged: bool = False) -> _Layout:
    """The export's statement: a UNION ALL of one SELECT a declared table, each table's rows
    numbered in primary-key order, for the person bound as ``person_id``. The tables'
    columns share the row's places by kind (:func:`_kind`): some fifty places for some
    four hundred columns, NULL where a table has fewer columns of a kind.
    With ``paged``, the append-only trail is left to :func:`trail_page` (the readable page).

    The first SELECT gives each place its type (``CAST(NULL AS ...)`` where the place is
    not its table's), so that SQLite and PostgreSQL agree on the columns' types and the
    values come back as each table's own SELECT would return them. Built once per app: it
    depends only on the schema and the declarations (ADR 0032).
    """
    cached = current_app.extensions.get((_LAYOUT, paged))
    if cached is not None:
        return cached
    metadata = db.metadata
    links = client_links(metadata)
    # every enrolment of the person, in any project (ADR 0029), and the records merged into
    # them (ADR 0056)
    person = of_person(bindparam("person_id"))
    parts: list[_Part] = []
    of_kind: dict[tuple[Any, ...], list[int]] = {}  # a kind's places, in order
    types: list[Any] = []  # each place's type
    for declared in personal_tables():
        table = metadata.tables[declared.table]
        columns = [c for c in table.columns if c.name not in declared.withheld]
        if paged and declared.table in APPEND_ONLY and links[table.name].parent == CLIENTS:
            parts.append(_Part(declared, table, columns, owner=links[table.name].column))
            continue
        used: dict[tuple[Any, ...], int] = {}
        places = []
        for column in columns:
            kind = _kind(column)
            n = used[kind] = used.get(kind, -1) + 1
            known = of_kind.setdefault(kind, [])
            if n == len(known):
                known.append(len(types))
                types.append(column.type)
            places.append(known[n])
        parts.append(_Part(declared, table, columns, tuple(places)))
    read = [(i, part) for i, part in enumerate(parts) if part.owner is None]
    branches = []
    for i, part in read:
        own = dict(zip(part.places, part.columns, strict=True))
        cells = [
            (own[q] if q in own else cast(null(), kind) if not branches else null()).label(f"c{q}")
            for q, kind in enumerate(types)
        ]
        number = func.row_number().over(order_by=list(part.table.primary_key.columns))
        branches.append(
            select(literal_column(str(i)).label("part"), number.label("n"), *cells).where(
                rows_of(metadata, links, part.table.name, person)
            )
        )
    statement = union_all(*branches).order_by(literal_column("part"), literal_column("n"))
    layout = _Layout(parts, statement)
    current_app.extensions[(_LAYOUT, paged)] = layout
    return layout


_LAYOUT = "portal.privacy.subject_export"


def collect_export(client: Client, trail: TrailKey | None = None) -> SubjectExport:
    """Read everything stored about ``client``'s person, in every enrolment, in one
    statement (no audit: see :func:`export_for`). With a ``trail`` key (the readable page),
    the append-only trail holds one page of events from the key on, read by a second
    statement; without one (the file), every event."""
    layout = _layout(paged=trail is not None)
    found: list[list[dict[str, Any]]] = [[] for _ in layout.parts]
    for row in db.session.execute(layout.statement, {"person_id": client.person_id}):
        part = layout.parts[int(row[0])]
        found[int(row[0])].append(
            {column.name: row[2 + q] for q, column in zip(part.places, part.columns, strict=True)}
        )
    sections = [
        Section(
            table=part.table.name,
            title=str(part.declared.title),
            columns=[c.name for c in part.columns],
            withheld={name: str(why) for name, why in part.declared.withheld.items()},
            rows=rows,
            labels=part.declared.labels,
            values=part.declared.values,
            keys=row_keys(part.columns),
            paged=part.owner is not None,
        )
        for part, rows in zip(layout.parts, found, strict=True)
    ]
    if trail is not None:
        enrolments = [
            row["id"] for section in sections if section.table == CLIENTS for row in section.rows
        ]
        for part, section in zip(layout.parts, sections, strict=True):
            if part.owner is not None:
                section.rows, section.older = trail_page(
                    part.table, part.owner, part.columns, enrolments, trail
                )
    account = None
    if client.user_id is not None:
        user_columns = [User.__table__.c[name] for name in ACCOUNT_COLUMNS]
        row = db.session.execute(select(*user_columns).where(User.id == client.user_id)).first()
        account = dict(row._mapping) if row else None
    return SubjectExport(client.id, clock.utcnow(), account, sections)


def export_for(
    client: Client, actor: User, *, fmt: str, purpose: str, trail: TrailKey | None = None
) -> SubjectExport:
    """The export, with the audit event of handing it out committed; ``trail`` as for
    :func:`collect_export`."""
    export = collect_export(client, trail)
    audit.record(
        "subject_export",
        actor=actor,
        client_id=client.id,
        object_type=fmt,
        purpose=purpose,
    )
    db.session.commit()
    return export
