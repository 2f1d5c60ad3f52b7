"""The migrations build the schema from empty, agree with the models, and go back down."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from portal.app.extensions import db


def test_migrations_match_the_models_and_downgrade(empty_db_app):
    app = empty_db_app()
    with app.app_context():
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}


def test_models_use_the_naming_convention(app):
    for table in db.metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name is None or not constraint.name.startswith("sqlite_"), table.name
        assert table.primary_key.name == f"pk_{table.name}"


def test_the_core_revisions_form_one_line():
    """Revisions written in parallel must be chained: two core heads would upgrade in any order."""
    from alembic.script import ScriptDirectory

    folder = Path(__file__).resolve().parent.parent / "migrations"
    script = ScriptDirectory(str(folder), version_locations=[str(folder / "versions")])
    assert len(script.get_heads()) == 1, script.get_heads()


def test_the_migrated_audit_trail_refuses_update_and_delete(empty_db_app):
    """Checklist row 32: on SQLite and PostgreSQL alike, plain SQL cannot rewrite the trail."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    app = empty_db_app()
    with app.app_context():
        upgrade(revision="heads")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO audit_events (at, action, outcome, object_type, purpose, ip, "
                    "actor_role) VALUES (CURRENT_TIMESTAMP, 'read', 'ok', '', '', '', 'coach')"
                )
            )
        for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
            with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
                conn.execute(text(statement))
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT action FROM audit_events")).scalars().all() == ["read"]
        downgrade(revision="base")
