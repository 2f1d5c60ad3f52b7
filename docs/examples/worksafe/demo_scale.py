"""portal_demo_scale: at scale, one running placement in fifty without its tasks written
down, so that this plugin's risk signal shows on the worklists in proportion."""

from sqlalchemy import update

from portal.api import Placement, db, hookimpl


@hookimpl
def portal_demo_scale(client_ids, today, seed):
    db.session.execute(
        update(Placement)
        .where(
            Placement.client_id.in_(client_ids),
            Placement.end_date >= today,
            Placement.id % 50 == seed % 50,
        )
        .values(tasks="")
    )
