"""One Alembic environment for the core and every installed plugin (one branch each)."""

from __future__ import annotations

import os

from flask import Flask
from flask_migrate import Migrate

from portal.app.config import ROOT
from portal.app.extensions import db


def init_migrations(app: Flask, migrate: Migrate) -> None:
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))

    @migrate.configure
    def add_plugin_versions(config):
        from portal.hooks.manager import migration_dirs

        locations = [str(ROOT / "migrations" / "versions"), *migration_dirs(app)]
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", os.pathsep.join(locations))
        return config
