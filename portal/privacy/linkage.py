"""Which tables hold a client's rows, found from the schema itself.

A table is linked to a client when one of its foreign keys leads to ``clients`` (directly or
through other linked tables: a review's actions through the review), or when it has a known
client-reference column without a foreign key (the append-only audit trail). The export, the
retention job and erasure all select a client's rows through :func:`rows_of`, so a new table
is covered the moment it is declared, and the coverage test finds one that is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, MetaData, Select, Table, select

CLIENTS = "clients"

#: Client references that are not foreign keys: (table, column).
KNOWN_CLIENT_COLUMNS = frozenset({("audit_events", "client_id")})


@dataclass(frozen=True)
class Link:
    """``table.column`` holds ``parent.target`` of a row linked to the client."""

    column: str
    parent: str
    target: str = "id"


def _direct(table: Table) -> Link | None:
    for name, column in sorted(KNOWN_CLIENT_COLUMNS):
        if name == table.name:
            return Link(column, CLIENTS)
    for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
        if fk.column.table.name == CLIENTS:
            return Link(fk.parent.name, CLIENTS, fk.column.name)
    return None


def client_links(metadata: MetaData) -> dict[str, Link]:
    """Every table holding clients' rows, with the column that leads towards the client."""
    links: dict[str, Link] = {}
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            if table.name in links or table.name == CLIENTS:
                continue
            link = _direct(table)
            if link is None:
                for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
                    parent = fk.column.table.name
                    if parent != table.name and parent in links:
                        link = Link(fk.parent.name, parent, fk.column.name)
                        break
            if link is not None:
                links[table.name] = link
                changed = True
    return links


def rows_of(
    metadata: MetaData, links: dict[str, Link], name: str, client_ids: Sequence[int] | Select
) -> ColumnElement[bool]:
    """The condition selecting the rows of ``name`` that belong to ``client_ids``."""
    table = metadata.tables[name]
    if name == CLIENTS:
        return table.c.id.in_(client_ids)
    link = links[name]
    column = table.c[link.column]
    if link.parent == CLIENTS:
        return column.in_(client_ids)
    parent = metadata.tables[link.parent]
    return column.in_(
        select(parent.c[link.target]).where(rows_of(metadata, links, link.parent, client_ids))
    )
