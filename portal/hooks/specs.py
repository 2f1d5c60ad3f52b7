"""Every hook the core calls. Hooks that only plugins call are declared by the plugin that
calls them, in its own ``hookspecs`` module (docs/adr/0005-plugin-to-plugin-hooks.md).

Hooks are always called with keyword arguments. List-returning hooks may return a single
item, a list, or ``None``; the core flattens the answers, checks each item against the type
the specification declares with ``returns`` (a wrong one is logged and dropped) and sorts them
by ``order``. Lifecycle hooks (``portal_*_created`` and the like) are called after the
transaction has committed; each implementation writes in its own savepoint, which the core
commits when it succeeds and rolls back when it raises (docs/adr/0003-hook-isolation.md).
See ``docs/plugins.md`` for examples.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from flask import Blueprint
from sqlalchemy import Select

from portal.hooks.markers import hookspec
from portal.hooks.personal_data import AttachmentTarget, PersonalTable
from portal.hooks.types import (
    AgendaItem,
    ClientTask,
    ExportColumn,
    LinkResender,
    NavItem,
    Panel,
    ProgressMeter,
    QueueItem,
    ReportWidget,
    RiskSignal,
    RiskSignalQuery,
    SearchHit,
    Widget,
)
from portal.hooks.validation import returns

if TYPE_CHECKING:
    from datetime import date

    from flask import Flask

    from portal.models import Checkpoint, Client, Outcome, Placement, User


@hookspec
@returns(Blueprint)
def portal_blueprints(app: Flask) -> Blueprint | list[Blueprint] | None:
    """Return the plugin's blueprints; the core registers them under ``/p/<plugin name>``.

    Each blueprint's name must equal the plugin's name. Every view must declare who may use
    it with ``portal.permissions.roles_required`` (deny by default).
    """


@hookspec
@returns(Blueprint)
def portal_api_blueprints(app: Flask) -> Blueprint | list[Blueprint] | None:
    """Return the plugin's JSON API blueprints; the core registers them under
    ``/api/v1/p/<plugin name>``, signed in by token like the core's API.

    Each blueprint's name must be the plugin's name followed by ``_api``. Every view declares
    who may use it (``roles_required``), the token scope it needs (``scope_required``) and its
    operation for the OpenAPI document (``api_operation``); a blueprint with an undeclared
    view is refused and the plugin marked failed.
    """


@hookspec
@returns(NavItem)
def portal_nav_items(user: User) -> NavItem | list[NavItem] | None:
    """Return entries for the main navigation of a signed-in ``user``.

    Items whose ``roles`` do not include the user's role are dropped; the rest are sorted by
    ``order`` (core items use 10-90).
    """


@hookspec
@returns(Widget)
def portal_dashboard_widgets(user: User) -> Widget | list[Widget] | None:
    """Return cards for the signed-in ``user``'s start page, sorted by ``order``."""


@hookspec
@returns(QueueItem)
def portal_supervisor_queue(user: User) -> QueueItem | list[QueueItem] | None:
    """Return what waits for the workplace supervisor ``user`` (an employer): each form to
    fill, demonstration to assess or model to sign as one item linking to its page.

    Called on the employer's start page, which lists the items by kind with their counts.
    Return at most a few dozen items, in one query; nothing for other roles.
    """


@hookspec
@returns(Panel)
def portal_client_panels(client: Client, viewer: User) -> Panel | list[Panel] | None:
    """Return sections for the page of ``client`` as seen by ``viewer``.

    Called on the coach's client page and on the employer's trainee page: the plugin must
    decide from ``viewer.role`` what it may show (employers never see sensitive data).
    """


@hookspec
@returns(ClientTask)
def portal_client_tasks(
    client: Client, viewer: User, today: date
) -> ClientTask | list[ClientTask] | None:
    """Return what the young person ``client`` should do now, for their home (``viewer`` is
    the young person themselves): today's onboarding step to tick, a self-assessment to fill.

    Return only open tasks (at most a few), in one or two statements whatever the data size:
    the home runs a fixed number of statements. Labels in the young person's words.
    """


@hookspec
@returns(ProgressMeter)
def portal_client_progress(
    client: Client, viewer: User, today: date
) -> ProgressMeter | list[ProgressMeter] | None:
    """Return how far the young person ``client`` is (e.g. onboarding steps ticked of all), shown
    as a progress bar on their home; one statement at most."""


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
@returns(RiskSignal)
def portal_risk_signals(client_ids: Select, today: date) -> RiskSignal | list[RiskSignal] | None:
    """Return risk signals for the clients whose ids ``client_ids`` selects.

    ``client_ids`` is a SQL SELECT of client ids (already scoped to the viewer): use it in
    one query (``Model.client_id.in_(client_ids)``) so the worklist stays fast. Signals of
    clients with an open Check Point are dropped by the core.

    Each implementation costs a statement of its own on every page that shows signals:
    prefer ``portal_risk_signal_queries``, whose queries run together in one.
    """


@hookspec
@returns(RiskSignalQuery)
def portal_risk_signal_queries(
    client_ids: Select, today: date
) -> RiskSignalQuery | list[RiskSignalQuery] | None:
    """Return the plugin's kinds of risk signal as SQL, for the clients ``client_ids`` selects.

    Each ``RiskSignalQuery.query`` selects (client id, count) rows, using ``client_ids``
    (already scoped to the viewer) inside it; the core runs every plugin's queries in one
    ``UNION ALL`` statement on the worklist, the client list and the client's page, so a
    plugin's signals add no statement. Signals of clients with an open Check Point are
    dropped by the core.
    """


@hookspec
@returns(AgendaItem)
def portal_review_agenda(placement: Placement, since: date) -> AgendaItem | list[AgendaItem] | None:
    """Return points for the agenda of the next tripartite review of ``placement``.

    ``since`` is the day of the placement's last held review (or its start): report what
    happened since then and what is overdue now. Called when a coach opens a review; the
    items are sorted by ``order`` and the coach edits the agenda before the review is held.
    """


@hookspec
@returns(ExportColumn)
def portal_export_columns(report: str, user: User) -> ExportColumn | list[ExportColumn] | None:
    """Return extra columns for a row-level export; ``report`` is ``"clients"`` today.

    Each column's ``values(client_ids)`` answers a whole batch with one query.
    """


@hookspec
@returns(LinkResender)
def portal_link_resenders() -> LinkResender | list[LinkResender] | None:
    """Return how to resend the plugin's secret links (one ``LinkResender`` per link page).

    The admin's outbox never shows a live token; its "send a new link" button finds the page
    the message links to and calls that page's resender, which mails a fresh link to the
    recipient only.
    """


@hookspec
@returns(SearchHit)
def portal_search_results(
    viewer: User, text: str, limit: int
) -> SearchHit | list[SearchHit] | None:
    """Return at most ``limit`` of the plugin's things matching ``text`` that ``viewer`` may
    open, for the header search's results page. ``text`` is what the person typed (at most
    200 characters); an empty result is ``None`` or ``[]``. Client data found here must be
    scoped to the viewer as on the plugin's own pages."""


@hookspec
@returns(ReportWidget)
def portal_report_widgets(user: User) -> ReportWidget | list[ReportWidget] | None:
    """Return sections for the dashboard. ``ReportWidget.context(filters)`` is called with the
    dashboard's filters (``start``, ``end``, ``group_id``, and ``project_ids``, the projects the
    dashboard is about: narrow with ``filters.in_projects(Client.project_id)``) and the viewer's
    scope applies: aggregate only, and show no count between 1 and 4."""


@hookspec
@returns(Select)
def portal_figure_shares() -> Select | list[Select] | None:
    """Return what each young person adds to the plugin's own figures, kept as rows and summed
    per project, coach and month of entry as the dashboard's are (``read_figures`` reads them
    for a viewer in one statement, whatever the number of young people).

    Each SELECT's columns are ``figure_share(part, k1, k2, v1, ...)`` selected from ``Client``
    (joined to the plugin's rows, grouped by ``Client.id`` and the keys): ``part`` names the
    figure, at most 12 characters with a dot (``"a.companies"``), ``k1`` a number and ``k2`` a
    text it is counted by, and up to six numbers, the first at least 1 in every row (a sum of
    0 reads as no one). Rewritten whenever a row of a model passed to ``count_in_figures`` is
    written for the young person.
    """


@hookspec
def portal_demo_data(today: date) -> None:
    """Add the plugin's own demo content after the core's demo data has been committed.

    Called by ``flask demo-data`` (never in production). Build on what is there: companies,
    placements and people are already in the database.
    """


@hookspec
def portal_demo_scale(client_ids: Select, today: date, seed: int) -> None:
    """Add the plugin's own synthetic content, in proportion, for the clients ``client_ids``
    (a SELECT of their ids) that ``flask demo-data --clients N`` has just added in bulk with
    their placements, contacts, Check Points and outcomes; ``seed`` makes it repeatable.

    For the benchmarks at scale (never in production): insert in bulk, not row by row. Called
    after the core's rows are committed, each plugin in its own savepoint, committed by the
    core as ``portal_demo_data`` is.
    """


@hookspec
@returns(str)
def portal_migration_dirs() -> str | None:
    """Return the folder of the plugin's Alembic revisions, or ``None``.

    The folder joins the one migration environment; its first revision carries
    ``branch_labels = ("<plugin name>",)`` and ``depends_on`` the core revision it needs.
    """


@hookspec
@returns(click.Command)
def portal_cli_commands() -> click.Command | list[click.Command] | None:
    """Return click commands to add to ``flask --app wsgi``."""


@hookspec
@returns(PersonalTable)
def portal_personal_data() -> PersonalTable | list[PersonalTable] | None:
    """Declare each of the plugin's tables that holds a client's data (a foreign key leading
    to ``clients``): the core exports its rows to the young person, empties its free text when
    the retention job anonymises the client and deletes its rows on erasure, in the same
    transaction as the core's own tables. A table holding client data that no plugin declares
    fails the suite's coverage test.
    """


@hookspec
@returns(AttachmentTarget)
def portal_attachment_targets() -> AttachmentTarget | list[AttachmentTarget] | None:
    """Declare the kinds of the plugin's things that photos and PDFs can be attached to
    (through ``attach`` in ``portal.api``), each with the rule of who may see it. The core
    serves an attachment only to a user the rule of its kind lets see the thing; an
    attachment of a kind nobody declares is served to nobody.
    """
