"""Every hook a plugin can implement. This file is the plugin API.

Hooks are always called with keyword arguments. List-returning hooks may return a single
item, a list, or ``None``; the core flattens the answers and sorts them by ``order``.
Lifecycle hooks (``portal_*_created`` and the like) are called after the transaction has
committed; an exception in one is logged with the plugin's name and does not undo anything.
See ``docs/plugins.md`` for examples.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    import click
    from flask import Blueprint, Flask
    from sqlalchemy import Select

    from portal.hooks.types import (
        EvidenceItem,
        ExportColumn,
        FormDefinition,
        NavItem,
        OnboardingTemplate,
        Panel,
        ReportWidget,
        RiskSignal,
        SkillRequirementRef,
        Widget,
    )
    from portal.models import Checkpoint, Client, Outcome, Placement, User

from portal.hooks.markers import hookspec


@hookspec
def portal_blueprints(app: Flask) -> Blueprint | list[Blueprint] | None:
    """Return the plugin's blueprints; the core registers them under ``/p/<plugin name>``.

    Each blueprint's name must equal the plugin's name. Every view must declare who may use
    it with ``portal.permissions.roles_required`` (deny by default).
    """


@hookspec
def portal_nav_items(user: User) -> NavItem | list[NavItem] | None:
    """Return entries for the main navigation of a signed-in ``user``.

    Items whose ``roles`` do not include the user's role are dropped; the rest are sorted by
    ``order`` (core items use 10-90).
    """


@hookspec
def portal_dashboard_widgets(user: User) -> Widget | list[Widget] | None:
    """Return cards for the signed-in ``user``'s start page, sorted by ``order``."""


@hookspec
def portal_client_panels(client: Client, viewer: User) -> Panel | list[Panel] | None:
    """Return sections for the page of ``client`` as seen by ``viewer``.

    Called on the coach's client page and on the employer's trainee page: the plugin must
    decide from ``viewer.role`` what it may show (employers never see sensitive data).
    """


@hookspec
def portal_client_created(client: Client, actor: User) -> None:
    """Called after a new client has been committed by ``actor``."""


@hookspec
def portal_user_created(user: User, actor: User | None) -> None:
    """Called after a new account has been committed and its invitation sent.

    ``actor`` is ``None`` when the account came from the command line.
    """


@hookspec
def portal_placement_started(placement: Placement, actor: User) -> None:
    """Called after a placement has been committed (the trainee's coaching period is set)."""


@hookspec
def portal_placement_ended(placement: Placement, actor: User, reason: str) -> None:
    """Called after a placement's last day has been committed (``placement.ended_on``)."""


@hookspec
def portal_checkpoint_opened(checkpoint: Checkpoint, actor: User) -> None:
    """Called after a Check Point has been opened (by a coach, a supervisor or a signal)."""


@hookspec
def portal_checkpoint_closed(checkpoint: Checkpoint, actor: User) -> None:
    """Called after a Check Point has been closed with its decision (``checkpoint.decision``)."""


@hookspec
def portal_outcome_recorded(outcome: Outcome, actor: User) -> None:
    """Called after a client's exit outcome has been committed and follow-ups scheduled."""


@hookspec
def portal_risk_signals(client_ids: Select, today: date) -> RiskSignal | list[RiskSignal] | None:
    """Return risk signals for the clients whose ids ``client_ids`` selects.

    ``client_ids`` is a SQL SELECT of client ids (already scoped to the viewer): use it in
    one query (``Model.client_id.in_(client_ids)``) so the worklist stays fast. Signals of
    clients with an open Check Point are dropped by the core.
    """


@hookspec
def portal_onboarding_templates() -> OnboardingTemplate | list[OnboardingTemplate] | None:
    """Return onboarding-model templates (``portal.plugin_types.OnboardingTemplate``).

    The onboarding plugin offers them when a company's model is started; a template with
    missing fields is skipped and logged.
    """


@hookspec
def portal_skill_requirements(
    text: str, limit: int
) -> SkillRequirementRef | list[SkillRequirementRef] | None:
    """Return up to ``limit`` qualification skill requirements matching ``text`` (empty: any).

    Offered by a competence-recognition plugin so that others (onboarding steps, assessment
    forms) can link to skill requirements without importing it.
    """


@hookspec
def portal_evidence_items(client: Client) -> EvidenceItem | list[EvidenceItem] | None:
    """Return what ``client`` has done that may be linked as evidence of competence.

    A competence-recognition plugin offers these next to the client's placements and prior
    learning (onboarding steps done, submitted assessments). The caller has already checked
    that the viewer may see the client.
    """


@hookspec
def portal_assessment_forms() -> FormDefinition | list[FormDefinition] | None:
    """Return assessment form definitions (``portal.plugin_types.FormDefinition``).

    An assessment-forms plugin renders, validates and stores them; a malformed definition is
    skipped and logged while the others keep working.
    """


@hookspec
def portal_assessment_submitted(
    form_key: str,
    client: Client,
    placement: Placement | None,
    answers: dict[str, str],
    actor: User | None,
) -> None:
    """Called after an assessment has been submitted (``actor`` is ``None`` for a link).

    ``answers`` maps the form's field keys to the values given. The plugin that contributed the
    form can act on them, e.g. store a demonstration's grades.
    """


@hookspec
def portal_export_columns(report: str, user: User) -> ExportColumn | list[ExportColumn] | None:
    """Return extra columns for a row-level export; ``report`` is ``"clients"`` today.

    Each column's ``values(client_ids)`` answers a whole batch with one query.
    """


@hookspec
def portal_report_widgets(user: User) -> ReportWidget | list[ReportWidget] | None:
    """Return sections for the dashboard. ``ReportWidget.context(filters)`` is called with the
    dashboard's filters (``start``, ``end``, ``group_id``) and the viewer's scope applies:
    aggregate only, and show no count between 1 and 4."""


@hookspec
def portal_demo_data(today: date) -> None:
    """Add the plugin's own demo content after the core's demo data has been committed.

    Called by ``flask demo-data`` (never in production). Build on what is there: companies,
    placements and people are already in the database.
    """


@hookspec
def portal_migration_dirs() -> str | None:
    """Return the folder of the plugin's Alembic revisions, or ``None``.

    The folder joins the one migration environment; its first revision carries
    ``branch_labels = ("<plugin name>",)`` and ``depends_on`` the core revision it needs.
    """


@hookspec
def portal_cli_commands() -> click.Command | list[click.Command] | None:
    """Return click commands to add to ``flask --app wsgi``."""
