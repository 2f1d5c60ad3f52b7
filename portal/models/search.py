"""The clients' search index: one row per word a client can be found by (docs/adr/0019).

The rows follow the client: ORM listeners rewrite them in the same transaction whenever a
client is added or their names or contacts change, so every form and service that edits a
client keeps the index without knowing of it. Bulk inserts (the synthetic data) and the
migration fill it with :func:`search_rows`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, ForeignKey, Index, String, event, inspect
from sqlalchemy.orm import Mapped, mapped_column

from portal.app.extensions import db
from portal.models.client import Client
from portal.search.keys import client_terms

#: Binary order on PostgreSQL too, so that a word's prefix range is contiguous in the index
#: whatever the database's locale (SQLite compares bytes already).
TERM = String(80).with_variant(String(80, collation="C"), "postgresql")

SEARCHED = ("first_name", "last_name", "email", "phone", "municipality")


class ClientSearchTerm(db.Model):
    __tablename__ = "client_search_terms"
    __table_args__ = (Index("ix_client_search_terms_term", "term", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    term: Mapped[str] = mapped_column(TERM)


def search_rows(client_id: int, values: dict[str, Any]) -> list[dict[str, Any]]:
    """The index rows of one client, from a mapping holding the :data:`SEARCHED` fields."""
    words = client_terms(*(values.get(name) or "" for name in SEARCHED))
    return [{"client_id": client_id, "term": word} for word in words]


def _index(connection: Connection, client: Client, replace: bool) -> None:
    table = ClientSearchTerm.__table__
    if replace:
        connection.execute(table.delete().where(table.c.client_id == client.id))
    rows = search_rows(client.id, {name: getattr(client, name) for name in SEARCHED})
    if rows:
        connection.execute(table.insert(), rows)


@event.listens_for(Client, "after_insert")
def _client_added(mapper, connection: Connection, client: Client) -> None:
    _index(connection, client, replace=False)


@event.listens_for(Client, "after_update")
def _client_changed(mapper, connection: Connection, client: Client) -> None:
    state = inspect(client)
    if any(state.attrs[name].history.has_changes() for name in SEARCHED):
        _index(connection, client, replace=True)


@event.listens_for(Client, "after_delete")
def _client_removed(mapper, connection: Connection, client: Client) -> None:
    table = ClientSearchTerm.__table__
    connection.execute(table.delete().where(table.c.client_id == client.id))


#: The client list's default order (name, then id for ties) read straight from an index, so a
#: deep page seeks instead of sorting the scope.
Index("ix_clients_name_order", Client.last_name, Client.first_name, Client.id)
