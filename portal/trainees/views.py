"""The workplace supervisor's view of their company's trainees. Never any sensitive data."""

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
from portal.app.pagination import paginate
from portal.app.rules import RuleError
from portal.hooks.contributions import render_items
from portal.hooks.manager import collect
from portal.models import CheckpointSource, Client, PathwayState, Placement
from portal.pathway.checkpoints import open_checkpoint
from portal.pathway.forms import ConcernForm

bp = Blueprint("trainees", __name__, url_prefix="/trainees")


@bp.route("/")
@roles_required("employer")
def index():
    pagination = paginate(
        employer_placements(current_user)
        .options(selectinload(Placement.client), selectinload(Placement.supervisor))
        .order_by(Placement.start_date.desc(), Placement.id.desc())
    )
    return render_template(
        "trainees/index.html", pagination=pagination, placements=pagination.items
    )


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


@bp.route("/<int:client_id>")
@roles_required("employer")
def detail(client_id: int):
    client, placements = _trainee(client_id)
    panels = render_items(collect("portal_client_panels", client=client, viewer=current_user))
    return render_template(
        "trainees/detail.html",
        client=client,
        placements=placements,
        panels=panels,
        shared=shared_with_employer(client),
        concern_form=ConcernForm(),
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
