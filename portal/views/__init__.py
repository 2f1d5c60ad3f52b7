"""Core blueprints."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from portal.views import (
        admin,
        auth,
        clients,
        groups,
        groupwork,
        main,
        mypath,
        partners,
        pathway,
        reports,
        trainees,
        worklist,
    )

    for module in (
        auth,
        main,
        admin,
        partners,
        clients,
        pathway,
        reports,
        groups,
        groupwork,
        trainees,
        worklist,
        mypath,
    ):
        app.register_blueprint(module.bp)
