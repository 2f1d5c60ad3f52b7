"""``flask db upgrade`` as people type it upgrades the core and every plugin branch."""

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate.cli import db as flask_migrate_db
from sqlalchemy import inspect

from portal.app.extensions import db


def test_a_plain_db_upgrade_applies_every_branch(empty_db_app):
    app = empty_db_app()
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        with db.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_heads()
        tables = set(inspect(db.engine).get_table_names())
    applied = {r.revision for r in script.iterate_revisions(current, "base")}
    every = {r.revision for r in script.walk_revisions()}
    assert len(script.get_heads()) > 1  # the core and each plugin have their own branch
    assert applied == every
    assert set(db.metadata.tables) <= tables  # core and plugin tables alike


def test_the_other_db_commands_stay_and_flask_migrate_keeps_its_own_default(empty_db_app):
    runner = empty_db_app().test_cli_runner()
    assert "default: heads" in runner.invoke(args=["db", "upgrade", "--help"]).output
    assert runner.invoke(args=["db", "heads"]).exit_code == 0
    (revision,) = [p for p in flask_migrate_db.commands["upgrade"].params if p.name == "revision"]
    assert revision.default == "head"
