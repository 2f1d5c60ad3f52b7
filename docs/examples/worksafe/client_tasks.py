"""portal_client_tasks: in the first two weeks at work, check the safety gear every morning."""

from datetime import timedelta

from flask import url_for
from sqlalchemy import select

from portal.api import ClientTask, Placement, db, hookimpl

from .i18n import _l


@hookimpl
def portal_client_tasks(client, viewer, today):
    started = db.session.scalar(
        select(Placement.start_date)
        .where(
            Placement.client_id == client.id,
            Placement.ended_on.is_(None),
            Placement.start_date.between(today - timedelta(days=13), today),
        )
        .limit(1)
    )
    if started is None:
        return None
    return ClientTask(
        kind="worksafe_gear",
        icon="shield",
        label=_l("Check your safety shoes and gloves before work"),
        url=url_for("main.index"),
        due=today,
        order=50,
    )
