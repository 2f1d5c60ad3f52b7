"""portal_export_columns: the number of safety briefings in the admin's client export."""

from sqlalchemy import func, select

from portal.api import ExportColumn, Placement, clock, db, hookimpl

from .i18n import _l


def briefings(client_ids):
    """One query for the whole batch, not one per client."""
    counts = dict(
        db.session.execute(
            select(Placement.client_id, func.count())
            .where(Placement.client_id.in_(client_ids), Placement.start_date <= clock.today())
            .group_by(Placement.client_id)
        ).all()
    )
    return {client_id: counts.get(client_id, 0) for client_id in client_ids}


@hookimpl
def portal_export_columns(report, user):
    if report != "clients":
        return None
    return ExportColumn(key="worksafe_briefings", header=_l("Safety briefings"), values=briefings)
