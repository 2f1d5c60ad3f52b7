"""One Alembic environment for the core and every installed plugin (one branch each)."""

from __future__ import annotations

import os

from flask import Flask
from flask_migrate import Migrate

from portal.app.extensions import db
from portal.app.migrate_cli import register_db_command
from portal.app.resources import resource_path


def init_migrations(app: Flask, migrate: Migrate) -> None:
    core = resource_path("migrations")
    migrate.init_app(app, db, directory=str(core))
    register_db_command(app)

    @migrate.configure
    def add_plugin_versions(config):
        from portal.hooks.manager import migration_dirs

        locations = [str(core / "versions"), *migration_dirs(app)]
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", os.pathsep.join(locations))
        return config
