"""``flask db``: Flask-Migrate's commands, with ``upgrade`` defaulting to every branch.

The core and each plugin own a branch of the one Alembic environment, so Alembic's default
target ``head`` is ambiguous and a plain ``flask db upgrade`` would fail with "Multiple head
revisions". Here it means ``heads``: the core and every plugin, as a deployer expects.
"""

from __future__ import annotations

import copy

import click
from flask import Flask
from flask_migrate.cli import db as flask_migrate_db

DEFAULT_TARGET = "heads"


def _upgrade_to_heads() -> click.Command:
    """Flask-Migrate's own ``upgrade`` command with ``heads`` as the default revision."""
    original = flask_migrate_db.commands["upgrade"]
    params = []
    for param in original.params:
        if param.name == "revision":
            param = copy.copy(param)
            param.default = DEFAULT_TARGET
        params.append(param)
    return click.Command(
        "upgrade",
        callback=original.callback,
        params=params,
        help=f"Upgrade to a later version (default: {DEFAULT_TARGET}, the core and every plugin).",
    )


def register_db_command(app: Flask, name: str = "db") -> None:
    """Replace the ``db`` group Flask-Migrate added to ``app.cli`` with one whose ``upgrade``
    upgrades every branch; the group module of Flask-Migrate itself stays untouched."""
    group = click.Group(
        name,
        commands={**flask_migrate_db.commands, "upgrade": _upgrade_to_heads()},
        callback=flask_migrate_db.callback,
        params=flask_migrate_db.params,
        help=flask_migrate_db.help,
    )
    app.cli.add_command(group, name)
