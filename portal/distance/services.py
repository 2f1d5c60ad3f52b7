"""The rules of the self-assessment rounds: the coach opens one, it is filled once."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import Client, DistanceRound, RoundKind, User
from portal.models.distance import AREAS, HIGHEST, LOWEST

#: Kinds taken once in a client relationship.
ONCE = (RoundKind.ENTRY, RoundKind.EXIT)


def open_round(client: Client, kind: str, actor: User) -> DistanceRound:
    """Open a round for the young person to fill in (commits)."""
    if kind not in set(RoundKind):
        raise RuleError(_l("Choose when the self-assessment is taken."), field="kind")
    rounds = select(func.count(DistanceRound.id)).where(DistanceRound.client_id == client.id)
    if db.session.scalar(
        rounds.where(DistanceRound.completed_at.is_(None), DistanceRound.kind == kind)
    ):
        raise RuleError(
            _l("This self-assessment is already open. It is filled in before the next one."),
            field="kind",
        )
    if kind in ONCE and db.session.scalar(rounds.where(DistanceRound.kind == kind)):
        raise RuleError(_l("This self-assessment has already been taken."), field="kind")
    item = DistanceRound(
        client_id=client.id, kind=kind, opened_on=clock.today(), opened_by_id=actor.id
    )
    db.session.add(item)
    db.session.flush()
    audit.record(
        "distance.open",
        actor=actor,
        client_id=client.id,
        object_type="distance_round",
        object_id=item.id,
        purpose=kind,
    )
    db.session.commit()
    return item


def save_answers(item: DistanceRound, answers: dict[str, int | None], actor: User) -> None:
    """Store the ratings (the caller checks the version and commits): every area, 1 to 4."""
    if item.completed_at is not None:
        raise RuleError(_l("This self-assessment has already been filled in."))
    for area in AREAS:
        value = answers.get(area)
        if value is None or not LOWEST <= value <= HIGHEST:
            raise RuleError(_l("Choose an answer for every statement."), field=area)
    for area in AREAS:
        setattr(item, area, answers[area])
    item.completed_at = clock.utcnow()
    item.filled_by = "client" if actor.id == _user_of(item) else "coach"
    audit.record(
        "distance.fill",
        actor=actor,
        client_id=item.client_id,
        object_type="distance_round",
        object_id=item.id,
    )


def _user_of(item: DistanceRound) -> int | None:
    return db.session.scalar(select(Client.user_id).where(Client.id == item.client_id))


def rounds_of(client_id: int) -> list[DistanceRound]:
    return list(
        db.session.scalars(
            select(DistanceRound)
            .where(DistanceRound.client_id == client_id)
            .order_by(DistanceRound.opened_at, DistanceRound.id)
        )
    )
