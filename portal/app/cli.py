"""``flask --app wsgi ...`` commands of the core."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.admin.outbox import links_in
from portal.app import clock
from portal.app.extensions import db
from portal.auth.accounts import create_user
from portal.hooks.manager import fire, plugin_manager, register_plugin_commands
from portal.hooks.scaffold import ScaffoldError, create_plugin
from portal.models import Client, Company, OutboxMessage, Role, User
from portal.pathway.progress import advance_phases


@click.command("demo-data")
@click.option(
    "--clients",
    "extra",
    type=click.IntRange(0, 1_000_000),
    default=0,
    help="Add this many synthetic clients for scale tests.",
)
@with_appcontext
def demo_data_command(extra: int) -> None:
    """Load deterministic Finnish demo data into an empty database (and, with --clients N,
    a large synthetic set on top)."""
    from portal.demo.data import DEMO_PASSWORD, load_demo_data

    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("Demo data is never loaded in production.")
    if db.session.scalar(select(func.count(User.id))):
        click.echo("The database already has users; demo data not loaded.")
    else:
        summary = load_demo_data()
        fire("portal_demo_data", today=clock.today())
        click.echo(", ".join(f"{count} {what}" for what, count in summary.items()))
    if extra:
        from portal.demo.scale import add_clients

        started = time.perf_counter()
        add_clients(extra)
        click.echo(f"Added {extra} synthetic clients in {time.perf_counter() - started:.1f} s.")
    if db.session.scalar(select(User.id).where(User.email == DEMO_LOGINS[0][0])) is None:
        return
    click.echo(f"Demo logins (password {DEMO_PASSWORD}):")
    for email, role in DEMO_LOGINS:
        click.echo(f"  {email:24} {role}")
    required = ", ".join(current_app.config["MFA_REQUIRED_ROLES"]) or "none"
    click.echo(f"Roles that must use two-step sign-in (MFA_REQUIRED_ROLES): {required}.")


DEMO_LOGINS = [
    ("admin@polku.test", "admin"),
    ("coach@polku.test", "coach"),
    ("coach2@polku.test", "coach"),
    ("employer@polku.test", "employer"),
    ("employer2@polku.test", "employer (another company)"),
    ("client@polku.test", "client"),
    ("teacher@polku.test", "teacher (education provider)"),
]


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role", type=click.Choice([r.value for r in Role if r != Role.CLIENT]), required=True
)
@click.option("--company", "business_id", help="Business ID of an employer's company.")
@with_appcontext
def create_user_command(email: str, name: str, role: str, business_id: str | None) -> None:
    """Create an account and print its invitation link (also stored in the outbox)."""
    if db.session.scalar(select(User.id).where(User.email == email.strip().lower())):
        raise click.ClickException("An account with this email already exists.")
    company_id = None
    if role == Role.EMPLOYER:
        company_id = db.session.scalar(select(Company.id).where(Company.business_id == business_id))
        if company_id is None:
            raise click.ClickException(
                "Give --company with the business ID of an existing company."
            )
    user = create_user(email=email, name=name, role=role, company_id=company_id, actor=None)
    # The outbox masks the link; whoever installs the portal needs it for the first admin.
    body = db.session.scalar(
        select(OutboxMessage.body)
        .where(OutboxMessage.recipient == user.email)
        .order_by(OutboxMessage.id.desc())
    )
    click.echo(f"Created {user.email} ({user.role}); the invitation was mailed.")
    click.echo(f"Invitation link: {' '.join(links_in(body or ''))}")


@click.group("plugins", invoke_without_command=True)
@click.pass_context
def plugins_group(ctx: click.Context) -> None:
    """List the plugins (the default), or start a new one."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_plugins)


@plugins_group.command("list")
@with_appcontext
def list_plugins() -> None:
    """List every plugin with its version and state."""
    infos = sorted(plugin_manager().infos.values(), key=lambda i: i.name)
    if not infos:
        click.echo("No plugins installed.")
    for info in infos:
        line = f"{info.name:20} {info.version or '-':10} {info.state}"
        click.echo(f"{line}  {info.error}" if info.error else line)


@plugins_group.command("new")
@click.argument("name")
@click.option(
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="Where to write the plugin's project folder.",
)
@with_appcontext
def new_plugin(name: str, directory: Path) -> None:
    """Write a working plugin NAME: a page, a menu entry, a client panel, an assessment
    form, templates, catalogs, a README and a passing test."""
    try:
        target = create_plugin(name, directory, taken=plugin_manager().infos)
    except ScaffoldError as error:
        raise click.ClickException(str(error))
    click.echo(f"Wrote the plugin {name} to {target}.")
    click.echo(f"Next: pip install -e '{target}[test]' && pytest {target}")


@click.group("report")
def report_group() -> None:
    """Figures for automation."""


@report_group.command("kpis")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@click.option("--project", "project_id", type=int, default=None, help="Only this project.")
@with_appcontext
def report_kpis(fmt: str, start, end, project_id: int | None) -> None:
    """Client count, immigrant share and employed-or-studying rate, each with its target
    (with ``--project``, that project's clients against its own targets)."""
    from portal.models import Project
    from portal.reports.figures import Filters, compute
    from portal.reports.kpis import as_dicts, kpis
    from portal.reports.settings import project_settings

    scope = select(Client.id)
    if project_id is None:
        settings = project_settings()
    else:
        settings = db.session.get(Project, project_id)
        if settings is None:
            raise click.ClickException(f"There is no project {project_id}.")
        scope = scope.where(Client.project_id == project_id)
    filters = Filters(
        start=start.date() if start else settings.period_start,
        end=end.date() if end else settings.period_end,
    )
    if filters.end < filters.start:
        raise click.ClickException("The period cannot end before it starts.")
    rows = as_dicts(kpis(compute(scope, filters), settings))
    if fmt == "json":
        click.echo(
            json.dumps(
                {"from": filters.start.isoformat(), "to": filters.end.isoformat(), "kpis": rows},
                ensure_ascii=False,
            )
        )
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["key", "value", "target", "unit"])
    writer.writeheader()
    writer.writerows(rows)
    click.echo(out.getvalue().rstrip("\n"))


@click.command("check-dates")
@with_appcontext
def check_dates_command() -> None:
    """List stored rows whose dates break the date rules (exit status 1 when there are any)."""
    from portal.pathway.date_audit import bad_dates

    found = 0
    for bad in bad_dates():
        click.echo(f"{bad.table} {bad.row_id}: {bad.problem}")
        found += 1
    if found:
        click.echo(f"{found} rows break the date rules.")
        raise SystemExit(1)
    click.echo("No stored dates break the rules.")


@click.command("advance-phases")
@with_appcontext
def advance_phases_command() -> None:
    """Move clients whose group or placement has started today (run daily)."""
    click.echo(f"{advance_phases(clock.today())} moves made.")


def init_cli(app: Flask) -> None:
    from portal.app.backup import backup_group
    from portal.esf.cli import esf_command
    from portal.imports.cli import imports_group
    from portal.integrations.delivery import webhooks_group
    from portal.jobs.cli import jobs_group
    from portal.privacy.cli import retention_group
    from portal.reports.cli import reports_group

    reports_group.add_command(esf_command)
    commands = (
        demo_data_command,
        create_user_command,
        plugins_group,
        report_group,
        check_dates_command,
        advance_phases_command,
        retention_group,
        backup_group,
        reports_group,
        jobs_group,
        imports_group,
        webhooks_group,
    )
    for command in commands:
        app.cli.add_command(command)
    register_plugin_commands(app)
