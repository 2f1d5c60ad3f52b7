"""The supervisor's queue: everything that waits for them, by kind, with counts.

The core adds the reviews that wait for the supervisor's confirmation; plugins add theirs
through ``portal_supervisor_queue`` (forms to fill, demonstrations to assess, models to sign).
Every item links to the page where it is done, so each is one tap from the start page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.access.scoping import visible_placement_ids_for
from portal.app.extensions import db
from portal.hooks.manager import collect
from portal.hooks.types import QueueItem
from portal.models import Client, Review, User

#: The core's items of one kind, at most.
LIMIT = 50


@dataclass
class QueueGroup:
    kind: str
    title: object
    items: list[QueueItem]


def reviews_to_confirm(user: User) -> list[QueueItem]:
    """Held reviews of placements at the supervisor's company not yet confirmed by them."""
    placements = visible_placement_ids_for(user, Review.placement_id)
    rows = db.session.execute(
        select(Review.id, Review.held_on, Client.id, Client.first_name, Client.last_name)
        .join(Client, Client.id == Review.client_id)
        .where(
            Review.placement_id.in_(placements),
            Review.held_on.is_not(None),
            Review.supervisor_confirmed_at.is_(None),
        )
        .order_by(Review.held_on)
        .limit(LIMIT)
    ).all()
    return [
        QueueItem(
            "reviews",
            _l("Review records to confirm"),
            f"{first} {last}",
            url_for("trainees.review", client_id=client_id, review_id=review_id),
            due=held,
            order=10,
        )
        for review_id, held, client_id, first, last in rows
    ]


def supervisor_queue(user: User) -> list[QueueGroup]:
    """What waits for ``user``, grouped by kind in the items' order."""
    items = [*reviews_to_confirm(user), *collect("portal_supervisor_queue", user=user)]
    groups: dict[str, QueueGroup] = {}
    for item in sorted(items, key=lambda i: i.order):
        groups.setdefault(item.kind, QueueGroup(item.kind, item.title, [])).items.append(item)
    return list(groups.values())
