"""One Alembic environment for the core and every installed plugin (one branch each)."""

from __future__ import annotations

import os

from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from flask_migrate import Migrate

from portal.app.extensions import db
from portal.app.migrate_cli import register_db_command
from portal.app.resources import resource_path
from portal.hooks.conventions import migration_dirs


def add_plugin_versions(config: AlembicConfig) -> AlembicConfig:
    """The core's revisions and every installed plugin's, for the app being migrated.

    Registered once on the shared ``Migrate`` object, so it reads ``current_app``: a
    callback per app would pile up and answer with another app's plugins.
    """
    locations = [str(resource_path("migrations") / "versions"), *migration_dirs(current_app)]
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(locations))
    return config


def init_migrations(app: Flask, migrate: Migrate) -> None:
    migrate.init_app(app, db, directory=str(resource_path("migrations")))
    register_db_command(app)
    if add_plugin_versions not in migrate.configure_callbacks:
        migrate.configure(add_plugin_versions)
