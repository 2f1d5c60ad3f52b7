"""portal_report_widgets: placements started in the dashboard's period (a briefing each)."""

from sqlalchemy import func, select

from portal.api import Client, Placement, ReportWidget, db, hookimpl, visible_clients

from .i18n import _l


@hookimpl
def portal_report_widgets(user):
    scope = visible_clients(user).with_only_columns(Client.id)  # admin: all; coach: their own

    def context(filters):
        count = db.session.scalar(
            select(func.count(Placement.id))
            .join(Client, Client.id == Placement.client_id)
            .where(
                Client.id.in_(scope),
                filters.in_projects(Client.project_id),  # the project(s) the dashboard shows
                Placement.start_date.between(filters.start, filters.end),
            )
        )
        # Counts of 1-4 could identify people: show them as "<5".
        return {"briefings": count if count == 0 or count >= 5 else "<5"}

    return ReportWidget(
        key="worksafe-briefings",
        title=_l("Safety briefings"),
        template="worksafe/report.html",
        context=context,
        order=90,
    )
