"""One row in every table that holds a client's data, each text full of identifying text.

Built from the schema (not by hand), so a new table or column is seeded the day it appears:
the subject-access and retention tests then check it is exported and anonymised.
"""

from __future__ import annotations

from itertools import count
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)

from portal.app import clock
from portal.app.extensions import db
from portal.privacy.linkage import CLIENTS, client_links

MARKER = "Aino Virtanen aino.virtanen@example.fi 040 123 4567"
NAME = "Virtanen"
_ROWS = count(1)


def _value(column: Column, suffix: str) -> Any:
    kind = column.type
    if isinstance(kind, JSON):
        return {"note": MARKER}
    if isinstance(kind, String | Text):
        text = f"{suffix} {MARKER}"  # unique columns stay unique
        return text[: kind.length] if kind.length else text
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, DateTime):
        return clock.utcnow()
    if isinstance(kind, Date):
        return clock.today()
    if isinstance(kind, Float):
        return 1.0
    if isinstance(kind, Integer):
        return 1
    if isinstance(kind, LargeBinary):
        return b""
    raise TypeError(f"{column.table.name}.{column.name}: {kind!r}")


class Seeder:
    def __init__(self, metadata: MetaData, client_id: int) -> None:
        self.metadata = metadata
        self.links = client_links(metadata)
        self.ids: dict[str, Any] = {CLIENTS: client_id}

    def row(self, table: Table) -> Any:
        """The id of this table's seeded row, inserting it (and what it needs) first."""
        if table.name in self.ids:
            return self.ids[table.name]
        number = next(_ROWS)
        link = self.links.get(table.name)
        if link and [c.name for c in table.primary_key] == [link.column]:
            # One row per client that the portal may keep itself (the data-quality checks):
            # when the client's row is there already, it is the seeded one.
            own = table.c[link.column] == self.ids[CLIENTS]
            if db.session.execute(select(table).where(own)).first() is not None:
                self.ids[table.name] = self.ids[CLIENTS]
                return self.ids[CLIENTS]
        values: dict[str, Any] = {}
        for column in table.columns:
            if column.primary_key and isinstance(column.type, Integer) and not column.foreign_keys:
                continue  # generated
            fks = list(column.foreign_keys)
            if fks:
                parent = fks[0].column.table
                needed = not column.nullable or (link and link.column == column.name)
                if parent.name != table.name and needed:
                    values[column.name] = self.row(parent)
                elif needed:
                    raise TypeError(f"{table.name}.{column.name} refers to its own table")
                continue
            if link and link.column == column.name:  # a client reference without a key
                values[column.name] = self.ids[CLIENTS]
                continue
            values[column.name] = _value(column, str(number))
        result = db.session.execute(insert(table).values(values))
        key = result.inserted_primary_key[0] if result.inserted_primary_key else None
        self.ids[table.name] = key
        return key


def seed_every_table(client_id: int, tables: list[str]) -> Seeder:
    """Put identifying text in the client's own row and one row in each of ``tables``."""
    metadata = db.metadata
    clients = metadata.tables[CLIENTS]
    texts = {c.name: MARKER[: c.type.length] for c in clients.columns if isinstance(c.type, String)}
    db.session.execute(update(clients).where(clients.c.id == client_id).values(texts))
    seeder = Seeder(metadata, client_id)
    for name in tables:
        if name != CLIENTS:
            seeder.row(metadata.tables[name])
    db.session.commit()
    return seeder


__all__ = ["MARKER", "NAME", "seed_every_table"]
