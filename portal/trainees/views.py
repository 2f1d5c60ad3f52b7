"""The workplace supervisor's view of their company's trainees. No sensitive data: only, under
the young person's language-support consent, advice fitted to their Finnish level."""

from __future__ import annotations

from typing import NamedTuple

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_
from sqlalchemy.orm import joinedload, selectinload

from portal.access import audit
from portal.access.consents import shared_with_employer
from portal.access.permissions import roles_required
from portal.access.scoping import (
    employer_placements,
    employer_placements_by_start,
    visible_placement_ids_for,
)
from portal.app.editing import submit_action
from portal.app.extensions import db
from portal.app.forms import ConfirmForm
from portal.app.listing import keyset_page
from portal.app.rules import RuleError
from portal.hooks.contributions import render_items
from portal.hooks.manager import collect
from portal.models import CheckpointSource, Client, PathwayState, Placement, Review
from portal.pathway.checkpoints import open_checkpoint
from portal.pathway.forms import ConcernForm
from portal.reviews import services as reviews
from portal.reviews.pages import review_or_404
from portal.trainees.language_guide import language_guide

#: The key of the panel in which a plugin lists the key words of the trainee's workplace steps.
KEY_WORDS_PANEL = "onboarding-key-words"

bp = Blueprint("trainees", __name__, url_prefix="/trainees")


@bp.route("/")
@roles_required("employer")
def index():
    page = keyset_page(
        employer_placements_by_start(current_user),
        Placement.id,
        {"start": (Placement.start_date,), "end": (Placement.end_date,)},
        "-start",
        options=[selectinload(Placement.client), selectinload(Placement.supervisor)],
    )
    return render_template("trainees/index.html", page=page, placements=page.items)


class Trainee(NamedTuple):
    client: Client
    placements: list[Placement]
    #: The reviews held at these placements, newest first (only when asked for).
    reviews: list[Review]


def _trainee(client_id: int, *, with_reviews: bool = False) -> Trainee:
    """The trainee with the placements at the employer's company the employer may see, in
    one statement (with their supervisors, the trainee's account for the language they read,
    and with ``with_reviews`` the reviews held there). An employer sees a client exactly
    through these placements (``visible_clients``), so none is an out-of-scope id: denied,
    404, as :func:`get_client_or_404` answers."""
    query = (
        employer_placements(current_user)
        .where(Placement.client_id == client_id)
        .options(
            joinedload(Placement.supervisor),
            joinedload(Placement.client).joinedload(Client.user),
        )
        .order_by(Placement.start_date, Placement.id)
    )
    if with_reviews:
        query = query.add_columns(Review).outerjoin(
            Review,
            and_(
                Review.placement_id == Placement.id,
                Review.client_id == Placement.client_id,
                Review.held_on.is_not(None),
            ),
        )
    rows = (
        db.session.execute(query).all()
        if with_reviews
        else [(p, None) for p in db.session.scalars(query).unique()]
    )
    if not rows:
        audit.denied(client_id)
        abort(404)
    client = rows[0][0].client
    audit.read_page(client.id)
    placements = list({p.id: p for p, _review in rows}.values())
    held = {r.id: r for _p, r in rows if r is not None}
    reviews = sorted(held.values(), key=lambda r: (r.scheduled_on, r.id), reverse=True)
    return Trainee(client, placements, reviews)


def _own_placement_ids():
    """The ids of the placements at the employer's own company the employer may see, checked
    for the review's own placement."""
    return visible_placement_ids_for(current_user, Review.placement_id)


@bp.route("/<int:client_id>")
@roles_required("employer")
def detail(client_id: int):
    client, placements, held = _trainee(client_id, with_reviews=True)
    panels = render_items(collect("portal_client_panels", client=client, viewer=current_user))
    shared = shared_with_employer(client)
    # A plugin's panel keyed KEY_WORDS_PANEL (the workplace steps' key words) joins the guide.
    key_words = [p for p in panels if p["key"] == KEY_WORDS_PANEL]
    return render_template(
        "trainees/detail.html",
        client=client,
        placements=placements,
        panels=[p for p in panels if p["key"] != KEY_WORDS_PANEL],
        shared=shared,
        guide=language_guide(current_user, client, shared.language_support),
        key_words=key_words if shared.language_support else [],
        concern_form=ConcernForm(),
        reviews=held,
        can_raise=client.state in (PathwayState.WORKPLACE_COACHING, PathwayState.CHECKPOINT),
    )


@bp.route("/<int:client_id>/concern", methods=["POST"])
@roles_required("employer")
def raise_concern(client_id: int):
    """The supervisor raises a concern: a Check Point opens and the coach is told."""
    client = _trainee(client_id).client
    form = ConcernForm()

    def raise_it() -> None:
        try:
            open_checkpoint(
                client,
                current_user,
                source=CheckpointSource.SUPERVISOR,
                difficulty=form.difficulty.data,
            )
        except RuleError as refused:
            raise RuleError(
                _(
                    "The coach is already handling a Check Point for this trainee. Please "
                    "contact the coach directly."
                )
            ) from refused

    submit_action(
        form,
        raise_it,
        success=_("Thank you. The coach has been told and will contact you."),
        invalid=_("Describe your concern."),
    )
    return redirect(url_for("trainees.detail", client_id=client.id))


@bp.route("/<int:client_id>/reviews/<int:review_id>")
@roles_required("employer")
def review(client_id: int, review_id: int):
    """A review of a placement at the supervisor's company: the shared record only."""
    client = _trainee(client_id).client
    item = review_or_404(review_id, client, _own_placement_ids())
    return render_template(
        "trainees/review.html", client=client, review=item, confirm=ConfirmForm()
    )


@bp.route("/<int:client_id>/reviews/<int:review_id>/confirm", methods=["POST"])
@roles_required("employer")
def confirm_review(client_id: int, review_id: int):
    client = _trainee(client_id).client
    item = review_or_404(review_id, client, _own_placement_ids())
    submit_action(
        ConfirmForm(),
        lambda: reviews.confirm_by_supervisor(item, current_user),
        success=_("Thank you. You confirmed the record."),
    )
    return redirect(url_for("trainees.review", client_id=client.id, review_id=item.id))
