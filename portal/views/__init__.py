"""Core blueprints."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from portal.views import admin, auth, clients, groups, main, trainees

    for module in (auth, main, admin, clients, groups, trainees):
        app.register_blueprint(module.bp)
