"""A well-behaved plugin that uses every hook of the core."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Blueprint, render_template

from portal.api import NavItem, Panel, Widget, hookimpl, roles_required

HERE = Path(__file__).parent
events: list[tuple[str, int]] = []

bp = Blueprint("sample", __name__)


@bp.route("/")
@roles_required("coach", "admin")
def index():
    return render_template("sample/page.html", text="Sample plugin page")


@bp.route("/undeclared")
def undeclared():
    return "should never be served"


@hookimpl
def portal_blueprints(app):
    return bp


@hookimpl
def portal_nav_items(user):
    return [NavItem("sample.index", "Sample tools", order=50, roles=frozenset({"coach", "admin"}))]


@hookimpl
def portal_dashboard_widgets(user):
    return Widget(
        "sample-widget", "Sample widget", "sample/widget.html", context=lambda: {"who": user.name}
    )


@hookimpl
def portal_client_panels(client, viewer):
    return Panel(
        "sample-panel",
        "Sample panel",
        "sample/panel.html",
        context={"client_name": client.first_name, "viewer_role": viewer.role},
    )


@hookimpl
def portal_client_created(client, actor):
    events.append(("client_created", client.id))


@hookimpl
def portal_user_created(user, actor):
    events.append(("user_created", user.id))


@hookimpl
def portal_migration_dirs():
    return str(HERE / "sample_migrations")


@click.command("sample-hello")
def hello():
    """Say hello from the sample plugin."""
    click.echo("hello from sample")


@hookimpl
def portal_cli_commands():
    return [hello]


@hookimpl
def portal_placement_started(placement, actor):
    events.append(("placement_started", placement.id))


@hookimpl
def portal_placement_ended(placement, actor, reason):
    events.append(("placement_ended", placement.id))


@hookimpl
def portal_checkpoint_opened(checkpoint, actor):
    events.append(("checkpoint_opened", checkpoint.id))


@hookimpl
def portal_checkpoint_closed(checkpoint, actor):
    events.append(("checkpoint_closed", checkpoint.id))


@hookimpl
def portal_outcome_recorded(outcome, actor):
    events.append(("outcome_recorded", outcome.id))


#: Client ids that the sample plugin reports as assessed low (set by tests).
low_scores: set[int] = set()


@hookimpl
def portal_risk_signals(client_ids, today):
    from sqlalchemy import select

    from portal.api import Client, RiskSignal, db

    ids = db.session.scalars(
        select(Client.id).where(Client.id.in_(client_ids), Client.id.in_(low_scores))
    )
    return [RiskSignal(cid, "low_assessment", "Low assessment score") for cid in ids]


@hookimpl
def portal_export_columns(report, user):
    from portal.api import ExportColumn

    return ExportColumn(
        "sample_len", "Name length", values=lambda ids: {i: len(str(i)) * 10 for i in ids}
    )


@hookimpl
def portal_report_widgets(user):
    from portal.api import ReportWidget

    return ReportWidget(
        "sample-report",
        "Sample report",
        "sample/widget.html",
        context=lambda filters: {
            "who": f"{user.name} {filters.start.year}",
            "projects": filters.project_ids,
        },
    )
