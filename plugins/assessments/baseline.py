"""The young person's baseline self-assessment, whenever they got their account."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from plugins.assessments import definitions
from plugins.assessments.models import Assessment
from portal.api import Client, clock, db


def ensure_baseline(client: Client, known: Iterable[Assessment] | None = None) -> int:
    """The young person's baseline self-assessment, once, whenever they got their account.

    Self-assessments are asked only of those who can sign in, so one invited after their
    intake (or their placement's start) had none: it is created on their first visit. Once
    there is one, this is a single statement (none when the caller passes the client's
    self-assessments as ``known``, the baseline among them if there is one); a second visit,
    or two at once, stores no second one (a unique index on the baseline).
    """
    if client.user_id is None:
        return 0
    if known is not None:  # the client's self-assessments, read already (with the baseline)
        if any(a.occasion == "intake" for a in known):
            return 0
    elif db.session.scalar(
        select(Assessment.id)
        .where(
            Assessment.client_id == client.id,
            Assessment.filled_by == "client",
            Assessment.occasion == "intake",
        )
        .limit(1)
    ):
        return 0
    created = 0
    for content in definitions.available().values():
        if content["filled_by"] == "client" and "intake" in content["due"]:
            db.session.add(
                Assessment(
                    client_id=client.id,
                    definition_id=definitions.stored(content).id,
                    form_key=content["key"],
                    filled_by="client",
                    occasion="intake",
                    due_on=clock.today() + timedelta(days=14),
                )
            )
            created += 1
    if created:
        try:
            db.session.commit()
        except IntegrityError:  # the same first visit twice at once: the other one stored it
            db.session.rollback()
            return 0
    return created
