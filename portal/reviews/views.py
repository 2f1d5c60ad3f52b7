"""The coach's review pages, and the supervisor's single-use confirmation link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.access import audit
from portal.access.permissions import CASEWORKERS, public, roles_required
from portal.access.scoping import get_client_or_404
from portal.app import clock
from portal.app.editing import submit_action, submit_form
from portal.app.extensions import db
from portal.app.forms import ConfirmForm, form_data
from portal.models import Client, PathwayState, Placement, Review, ReviewAction
from portal.pathway.forms import OpenCheckpointForm
from portal.reviews import agenda, links, services
from portal.reviews.forms import HoldForm, LinkConfirmForm, LinkForm, ReviewActionForm, ScheduleForm
from portal.reviews.pages import client_reviews, linked_review, review_or_404
from portal.reviews.schedule import last_held_on, next_due

bp = Blueprint("reviews", __name__)
COACHES = CASEWORKERS


def _to_review(client: Client, review: Review) -> Response:
    return redirect(url_for("reviews.review", client_id=client.id, review_id=review.id))


@bp.route("/clients/<int:client_id>/reviews")
@roles_required(*COACHES)
def index(client_id: int):
    client = get_client_or_404(current_user, client_id)
    return render_template(
        "reviews/index.html", client=client, placements=client_reviews(client), today=clock.today()
    )


@bp.route("/clients/<int:client_id>/reviews/new/<int:placement_id>", methods=["GET", "POST"])
@roles_required(*COACHES)
def schedule(client_id: int, placement_id: int):
    client = get_client_or_404(current_user, client_id)
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.client_id != client.id:
        abort(404)
    form = ScheduleForm()
    if request.method == "GET":
        form.scheduled_on.data = max(next_due(placement, last_held_on(placement.id)), clock.today())
    submission = submit_form(
        form,
        lambda: services.schedule(placement, client, form.scheduled_on.data, current_user),
        success=_("Review scheduled."),
    )
    if submission.saved:
        return _to_review(client, submission.result)
    return render_template(
        "reviews/schedule.html", client=client, placement=placement, form=form
    ), submission.status


@bp.route("/clients/<int:client_id>/reviews/<int:review_id>", methods=["GET", "POST"])
@roles_required(*COACHES)
def review(client_id: int, review_id: int):
    client = get_client_or_404(current_user, client_id)
    item = review_or_404(review_id, client)
    items = agenda.agenda_items(item, item.placement)
    form = HoldForm(obj=item)
    if request.method == "GET" and not item.held:
        form.held_on.data = min(item.scheduled_on, clock.today())
        form.agenda.data = item.agenda or agenda.as_text(items)
    submission = submit_form(
        form,
        lambda: services.hold(
            item, item.placement, form_data(form, services.HeldData), current_user
        ),
        record=item,
    )
    if submission.saved:
        return _to_review(client, item)
    return render_template(
        "reviews/review.html",
        client=client,
        review=item,
        agenda_items=items,
        form=form,
        action_form=ReviewActionForm(),
        link_form=LinkForm(),
        coach_view=True,
        can_open_checkpoint=item.held and client.state == PathwayState.WORKPLACE_COACHING,
        today=clock.today(),
    ), submission.status


@bp.route("/clients/<int:client_id>/reviews/<int:review_id>/actions", methods=["POST"])
@roles_required(*COACHES)
def add_action(client_id: int, review_id: int):
    client = get_client_or_404(current_user, client_id)
    item = review_or_404(review_id, client)
    form = ReviewActionForm()
    submit_action(
        form,
        lambda: services.add_action(
            item,
            current_user,
            description=form.description.data,
            owner=form.owner.data,
            due=form.due_date.data,
        ),
        invalid=_("Give the action, who does it and by when."),
    )
    return _to_review(client, item)


@bp.route(
    "/clients/<int:client_id>/reviews/<int:review_id>/actions/<int:action_id>/done",
    methods=["POST"],
)
@roles_required(*COACHES)
def action_done(client_id: int, review_id: int, action_id: int):
    client = get_client_or_404(current_user, client_id)
    item = review_or_404(review_id, client)
    action = db.session.get(ReviewAction, action_id)
    if action is None or action.review_id != item.id:
        abort(404)
    submit_action(ConfirmForm(), lambda: services.complete_action(action, item, current_user))
    return _to_review(client, item)


def _send_link(item: Review, client: Client, email: str) -> None:
    """Create the link and show it once: only its hash is stored."""
    url = links.create(item, client, email, current_user)
    flash(
        _(
            "Confirmation link for the supervisor (works once, for %(days)d days): %(url)s",
            days=links.LINK_DAYS,
            url=url,
        ),
        "success",
    )
    if email:
        flash(_("The link was sent to %(email)s.", email=email), "success")


@bp.route("/clients/<int:client_id>/reviews/<int:review_id>/link", methods=["POST"])
@roles_required(*COACHES)
def create_link(client_id: int, review_id: int):
    client = get_client_or_404(current_user, client_id)
    item = review_or_404(review_id, client)
    form = LinkForm()
    submit_action(
        form,
        lambda: _send_link(item, client, form.email.data or ""),
        invalid=_("Check the email address."),
    )
    return _to_review(client, item)


@bp.route("/clients/<int:client_id>/reviews/<int:review_id>/checkpoint")
@roles_required(*COACHES)
def open_checkpoint(client_id: int, review_id: int):
    """The Check Point form, its difficulty taken from the review; it posts to the Check Point
    page, which checks the rules as always."""
    client = get_client_or_404(current_user, client_id)
    item = review_or_404(review_id, client)
    if not item.held or client.state != PathwayState.WORKPLACE_COACHING:
        abort(404)
    raised = item.difficulties or item.notes
    form = OpenCheckpointForm(
        difficulty=_(
            "Raised at the review of %(day)s: %(text)s",
            day=format_date(item.held_on, "short"),
            text=raised,
        )
    )
    return render_template("reviews/checkpoint.html", client=client, review=item, form=form)


@bp.route("/reviews/confirm/<token>", methods=["GET", "POST"])
@public
def by_link(token: str):
    """A supervisor without an account reads the record and confirms it, once."""
    try:
        link = links.find(token[:100])
    except links.LinkGone as gone:
        return render_template("reviews/link_gone.html", message=gone.message), 410
    item = linked_review(link.review_id)
    if item.supervisor_confirmed_at is not None:
        message = _("The supervisor has already confirmed this record.")
        return render_template("reviews/link_gone.html", message=message), 410
    if request.method == "GET":  # someone with the link reads the review record
        audit.read(item.client_id, "reviews.by_link", item.id, "workplace_supervision")
    form = LinkConfirmForm()
    submission = submit_form(
        form, lambda: links.confirm(link, item, form.name.data), success=_("Thank you.")
    )
    if submission.saved:
        return render_template("reviews/link_done.html", review=item)
    return render_template(
        "reviews/link.html", review=item, form=form, first_name=item.client.first_name
    ), submission.status
