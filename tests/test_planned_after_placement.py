"""Visits and reviews planned after a placement's last day are cancelled when it ends early,
and kept in the history with the reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import (
    Checkpoint,
    Client,
    CoachVisit,
    IntensifiedPlan,
    OutcomeKind,
    PathwayState,
    Placement,
    Review,
    User,
    VisitStatus,
)
from portal.pathway.outcomes import OutcomeData, end_with_success
from portal.reviews import services as reviews
from portal.reviews.services import HeldData
from portal.worklist.sources import all_items

TODAY = clock.today()


def planned(world) -> dict[str, int]:
    """An intensified plan from an earlier Check Point at the placement, with a visit done,
    one overdue and one to come; a review overdue and one scheduled for next week."""
    checkpoint = Checkpoint(
        client_id=world.client.id,
        placement_id=world.placement.id,
        difficulty="Poissaolot",
        decision="continue_intensified",
        closed_at=clock.utcnow() - timedelta(days=14),
    )
    db.session.add(checkpoint)
    db.session.flush()
    plan = IntensifiedPlan(
        checkpoint_id=checkpoint.id,
        client_id=world.client.id,
        visits_per_week=1,
        weeks=4,
        focus_skill="punctuality",
        start_date=TODAY - timedelta(days=13),
        end_date=TODAY + timedelta(days=14),
        scheduled_at=clock.utcnow() - timedelta(days=14),
    )
    db.session.add(plan)
    db.session.flush()

    def visit(days: int, status: str = VisitStatus.PLANNED) -> CoachVisit:
        return CoachVisit(
            plan_id=plan.id,
            client_id=world.client.id,
            due_date=TODAY + timedelta(days),
            status=status,
        )

    def review(days: int) -> Review:
        return Review(
            client_id=world.client.id,
            placement_id=world.placement.id,
            scheduled_on=TODAY + timedelta(days),
        )

    rows = {
        "done": visit(-7, VisitStatus.DONE),
        "overdue": visit(-1),
        "coming": visit(6),
        "overdue_review": review(-2),
        "next_review": review(7),
    }
    db.session.add_all(rows.values())
    db.session.commit()
    return {name: row.id for name, row in rows.items()}


def end_early(world) -> None:
    """The young person was hired by the coaching company: the placement ends today."""
    client = db.session.get(Client, world.client.id)
    client.state = PathwayState.WORKPLACE_COACHING
    placement = db.session.get(Placement, world.placement.id)
    data = OutcomeData(kind=OutcomeKind.EMPLOYED_COACHING_COMPANY, on=TODAY)
    end_with_success(placement, client, data, "Palkattiin", db.session.get(User, world.coach.id))
    db.session.commit()


def test_what_was_planned_after_the_last_day_is_cancelled_with_the_reason(ctx, world):
    ids = planned(world)
    end_early(world)
    db.session.expire_all()
    visits = {name: db.session.get(CoachVisit, ids[name]) for name in ("done", "overdue", "coming")}
    assert {name: v.status for name, v in visits.items()} == {
        "done": VisitStatus.DONE,
        "overdue": VisitStatus.PLANNED,  # due before the last day: still to be recorded
        "coming": VisitStatus.CANCELLED,
    }
    assert "Palkattiin" in visits["coming"].missed_reason
    overdue, coming = (db.session.get(Review, ids[n]) for n in ("overdue_review", "next_review"))
    assert overdue.cancelled_on is None
    assert (coming.cancelled_on, coming.held_on) == (TODAY, None)
    assert "Palkattiin" in coming.cancel_reason


def test_a_cancelled_review_leaves_the_worklist_and_cannot_be_recorded_as_held(ctx, world):
    ids = planned(world)
    end_early(world)
    client_ids = db.select(Client.id).where(Client.id == world.client.id)
    items = all_items(client_ids, TODAY + timedelta(days=7))
    later = db.session.scalars(db.select(items.c.item_id).where(items.c.kind == "review"))
    assert list(later) == [ids["overdue_review"]]
    coming = db.session.get(Review, ids["next_review"])
    held = HeldData(held_on=TODAY, agenda="", notes="Sovittiin", difficulties="", coach_notes="")
    with pytest.raises(RuleError):
        reviews.hold(coming, db.session.get(Placement, world.placement.id), held, world.coach)
