"""The workplace supervisor's view of their company's trainees. No sensitive data: only, under
the young person's language-support consent, advice fitted to their Finnish level."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.access.consents import shared_with_employer
from portal.access.permissions import roles_required
from portal.access.scoping import employer_placements, get_client_or_404
from portal.app.editing import submit_action
from portal.app.extensions import db
from portal.app.forms import ConfirmForm
from portal.app.listing import keyset_page
from portal.app.rules import RuleError
from portal.hooks.contributions import render_items
from portal.hooks.manager import collect
from portal.models import CheckpointSource, Client, PathwayState, Placement
from portal.pathway.checkpoints import open_checkpoint
from portal.pathway.forms import ConcernForm
from portal.reviews import services as reviews
from portal.reviews.pages import review_or_404, reviews_of
from portal.trainees.language_guide import language_guide

#: The key of the panel in which a plugin lists the key words of the trainee's workplace steps.
KEY_WORDS_PANEL = "onboarding-key-words"

bp = Blueprint("trainees", __name__, url_prefix="/trainees")


@bp.route("/")
@roles_required("employer")
def index():
    page = keyset_page(
        employer_placements(current_user),
        Placement.id,
        {"start": (Placement.start_date,), "end": (Placement.end_date,)},
        "-start",
        options=[selectinload(Placement.client), selectinload(Placement.supervisor)],
    )
    return render_template("trainees/index.html", page=page, placements=page.items)


def _trainee(client_id: int) -> tuple[Client, list[Placement]]:
    client = get_client_or_404(current_user, client_id)
    placements = db.session.scalars(
        employer_placements(current_user)
        .where(Placement.client_id == client.id)
        .options(selectinload(Placement.supervisor))
        .order_by(Placement.start_date)
    ).all()
    if not placements:
        abort(404)
    return client, placements


def _own_placement_ids():
    """The ids of the placements at the employer's own company the employer may see."""
    return employer_placements(current_user).with_only_columns(Placement.id)


@bp.route("/<int:client_id>")
@roles_required("employer")
def detail(client_id: int):
    client, placements = _trainee(client_id)
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
        reviews=reviews_of(client, _own_placement_ids(), held_only=True),
        can_raise=client.state in (PathwayState.WORKPLACE_COACHING, PathwayState.CHECKPOINT),
    )


@bp.route("/<int:client_id>/concern", methods=["POST"])
@roles_required("employer")
def raise_concern(client_id: int):
    """The supervisor raises a concern: a Check Point opens and the coach is told."""
    client, _placements = _trainee(client_id)
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
    try:
        open_checkpoint(
            client,
            current_user,
            source=CheckpointSource.SUPERVISOR,
            difficulty=form.difficulty.data,
        )
    except RuleError:
        db.session.rollback()
        flash(
            _(
                "The coach is already handling a Check Point for this trainee. Please "
                "contact the coach directly."
            ),
            "info",
        )
    else:
        flash(_("Thank you. The coach has been told and will contact you."), "success")
    return redirect(url_for("trainees.detail", client_id=client.id))


@bp.route("/<int:client_id>/reviews/<int:review_id>")
@roles_required("employer")
def review(client_id: int, review_id: int):
    """A review of a placement at the supervisor's company: the shared record only."""
    client, _placements = _trainee(client_id)
    item = review_or_404(review_id, client, _own_placement_ids())
    return render_template(
        "trainees/review.html", client=client, review=item, confirm=ConfirmForm()
    )


@bp.route("/<int:client_id>/reviews/<int:review_id>/confirm", methods=["POST"])
@roles_required("employer")
def confirm_review(client_id: int, review_id: int):
    client, _placements = _trainee(client_id)
    item = review_or_404(review_id, client, _own_placement_ids())
    submit_action(
        ConfirmForm(),
        lambda: reviews.confirm_by_supervisor(item, current_user),
        success=_("Thank you. You confirmed the record."),
    )
    return redirect(url_for("trainees.review", client_id=client.id, review_id=item.id))
