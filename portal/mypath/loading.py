"""What the young person's start page shows, in one statement per kind of record.

Only what the page uses: the page's client (with coach and groups) comes from
:func:`portal.access.scoping.own_client`, shared with the plugins' widgets; placements come with
their company and supervisor in the same statement.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.app.extensions import db
from portal.clients.overview import ClientFile
from portal.models import Checkpoint, Client, FollowUp, JobSearchActivity, Placement


def load_path(client: Client) -> ClientFile:
    """The parts of the client's file that "my path" shows (six statements)."""
    cid = client.id
    file = ClientFile(
        client=client,
        groups=sorted(client.groups, key=lambda group: group.start_date),
        placements=list(
            db.session.scalars(
                select(Placement)
                .where(Placement.client_id == cid)
                .options(joinedload(Placement.company), joinedload(Placement.supervisor))
                .order_by(Placement.start_date)
            )
        ),
        checkpoints=list(
            db.session.scalars(
                select(Checkpoint)
                .where(Checkpoint.client_id == cid)
                .order_by(Checkpoint.opened_at.desc())
            )
        ),
        job_search=list(
            db.session.scalars(
                select(JobSearchActivity)
                .where(JobSearchActivity.client_id == cid)
                .order_by(JobSearchActivity.on.desc(), JobSearchActivity.id.desc())
            )
        ),
        follow_ups=list(
            db.session.scalars(
                select(FollowUp)
                .where(FollowUp.client_id == cid, FollowUp.result == "")
                .order_by(FollowUp.due_date)
            )
        ),
    )
    return file
