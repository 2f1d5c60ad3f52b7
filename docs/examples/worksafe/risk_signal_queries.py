"""portal_risk_signal_queries: a placement starts within three days and no tasks are recorded."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.api import Placement, RiskSignalQuery, hookimpl

from .i18n import _l


@hookimpl
def portal_risk_signal_queries(client_ids, today):
    # ``client_ids`` is a SELECT already scoped to the viewer. The query is not run here: the
    # core runs it with every other plugin's in one statement. Rows are (client id, count);
    # a count above 0 raises the signal.
    starting = (
        select(Placement.client_id, func.count())
        .where(
            Placement.client_id.in_(client_ids),
            Placement.ended_on.is_(None),
            Placement.start_date.between(today, today + timedelta(days=3)),
            Placement.tasks == "",
        )
        .group_by(Placement.client_id)
    )
    return RiskSignalQuery(
        kind="worksafe_no_tasks",
        query=starting,
        message=lambda n: _l(
            "Placement starts soon with no tasks recorded for the safety briefing"
        ),
    )
