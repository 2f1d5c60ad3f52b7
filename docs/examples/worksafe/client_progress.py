"""portal_client_progress: the first two weeks at a workplace, day by day."""

from sqlalchemy import select

from portal.api import Placement, ProgressMeter, db, hookimpl

from .i18n import _l

FIRST_WEEKS = 14


@hookimpl
def portal_client_progress(client, viewer, today):
    started = db.session.scalar(
        select(Placement.start_date)
        .where(
            Placement.client_id == client.id,
            Placement.ended_on.is_(None),
            Placement.start_date <= today,
            Placement.end_date >= today,
        )
        .limit(1)
    )
    if started is None:
        return None
    days = min(FIRST_WEEKS, (today - started).days + 1)
    return ProgressMeter(
        key="worksafe_first_weeks",
        label=_l("My first two weeks, safely"),
        done=days,
        total=FIRST_WEEKS,
        order=50,
    )
