"""What the young person's start page shows, in one statement per kind of record.

Only what the page uses: the page's client (with coach and groups) comes from
:func:`portal.access.scoping.own_client`, shared with the plugins' widgets; placements come with
their company and supervisor in the same statement, and on the start page with the client's
reviews.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.orm import joinedload

from portal.app.extensions import db
from portal.clients.overview import ClientFile
from portal.models import Client, FollowUp, Placement, Review
from portal.pathway.lists import Listing, checkpoints_and_job_searches, several


def load_path(client: Client) -> ClientFile:
    """The parts of the client's file that "my path" shows (four statements)."""
    return _load(client, list(db.session.scalars(_placements(client.id))))


def load_path_and_reviews(client: Client) -> tuple[ClientFile, list[Review]]:
    """:func:`load_path` and the client's reviews, newest first: the reviews come joined to
    the placements they are held at, in the placements' statement."""
    rows = db.session.execute(
        _placements(client.id)
        .add_columns(Review)
        .outerjoin(
            Review,
            and_(Review.placement_id == Placement.id, Review.client_id == Placement.client_id),
        )
    ).all()
    placements = list({p.id: p for p, _review in rows}.values())
    reviews = sorted(
        {r.id: r for _p, r in rows if r is not None}.values(),
        key=lambda r: (r.scheduled_on, r.id),
        reverse=True,
    )
    return _load(client, placements), reviews


def _placements(cid: int) -> Select:
    return (
        select(Placement)
        .where(Placement.client_id == cid)
        .options(joinedload(Placement.company), joinedload(Placement.supervisor))
        .order_by(Placement.start_date, Placement.id)
    )


def _lists() -> list[Listing]:
    cid = bindparam("client_id")
    return [
        *checkpoints_and_job_searches(cid),
        Listing(
            FollowUp, (FollowUp.client_id == cid) & (FollowUp.result == ""), (FollowUp.due_date,)
        ),
    ]


def _load(client: Client, placements: list[Placement]) -> ClientFile:
    checkpoints, job_search, follow_ups = several("mypath", _lists, client_id=client.id)
    return ClientFile(
        client=client,
        groups=sorted(client.groups, key=lambda group: group.start_date),
        placements=placements,
        checkpoints=checkpoints,
        job_search=job_search,
        follow_ups=follow_ups,
    )
