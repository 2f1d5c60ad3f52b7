"""portal_risk_signals: a placement starts within three days and no tasks are recorded."""

from datetime import timedelta

from sqlalchemy import select

from portal.api import Placement, RiskSignal, db, hookimpl

from .i18n import _l


@hookimpl
def portal_risk_signals(client_ids, today):
    # ``client_ids`` is a SELECT already scoped to the viewer: one query for all of them.
    starting = db.session.scalars(
        select(Placement.client_id)
        .where(
            Placement.client_id.in_(client_ids),
            Placement.ended_on.is_(None),
            Placement.start_date.between(today, today + timedelta(days=3)),
            Placement.tasks == "",
        )
        .distinct()
    )
    return [
        RiskSignal(
            client_id=client_id,
            kind="worksafe_no_tasks",
            message=_l("Placement starts soon with no tasks recorded for the safety briefing"),
        )
        for client_id in starting
    ]
