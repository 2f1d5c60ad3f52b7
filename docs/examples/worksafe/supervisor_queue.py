"""portal_supervisor_queue: trainees starting within three days wait for a safety briefing."""

from datetime import timedelta

from flask import url_for
from sqlalchemy import select

from portal.api import Client, Placement, QueueItem, Role, clock, db, employer_placements, hookimpl

from .i18n import _l


@hookimpl
def portal_supervisor_queue(user):
    if user.role != Role.EMPLOYER:
        return None
    today = clock.today()
    placements = employer_placements(user).with_only_columns(Placement.id)
    rows = db.session.execute(
        select(Client.id, Client.first_name, Client.last_name, Placement.start_date)
        .join(Placement, Placement.client_id == Client.id)
        .where(
            Placement.id.in_(placements),
            Placement.start_date.between(today, today + timedelta(days=3)),
        )
        .order_by(Placement.start_date)
        .limit(20)
    )
    return [
        QueueItem(
            kind="worksafe_briefing",
            title=_l("Safety briefings to give"),
            text=f"{first} {last}",
            url=url_for("trainees.detail", client_id=client_id),
            due=start,
        )
        for client_id, first, last, start in rows
    ]
