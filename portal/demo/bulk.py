"""After a bulk load: id sequences moved on, and the query planner's statistics refreshed."""

from __future__ import annotations

from sqlalchemy import Table, func, select, text

from portal.app.extensions import db

#: The tables of the schema the connection works in, each quoted as an identifier.
OWN_TABLES = "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()"


def advance_id_sequence(table: Table) -> None:
    """Move the table's id sequence past its largest id, so that the next row added through
    the portal does not collide with one inserted with an explicit id. SQLite needs nothing:
    it takes the largest id plus one."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    largest = db.session.scalar(select(func.max(table.c.id)))
    if largest is None:
        return
    db.session.execute(
        text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :largest)"),
        {"table": table.name, "largest": largest},
    )


def refresh_statistics() -> None:
    """``ANALYZE`` (SQLite and PostgreSQL): without statistics SQLite sorts a coach's whole
    caseload for the start page instead of reading the clients in ``updated_at`` order.

    On PostgreSQL only the tables of the schema the portal works in: a bare ``ANALYZE`` would
    lock every table of the database until the transaction ends, another schema's too (another
    installation's, or another test process's), and wait for theirs."""
    if db.session.get_bind().dialect.name != "postgresql":
        db.session.execute(text("ANALYZE"))
        return
    tables = db.session.scalars(text(OWN_TABLES)).all()
    if tables:
        db.session.execute(text(f"ANALYZE {', '.join(tables)}"))
