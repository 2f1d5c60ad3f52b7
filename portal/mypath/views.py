"""The young person's own pages: "my path", the job-search log and their own information."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.access.permissions import roles_required
from portal.access.scoping import own_client as own_record
from portal.access.sensitive import read_sensitive
from portal.app import clock
from portal.app.editing import submit_action, submit_form
from portal.app.forms import ConfirmForm, form_data
from portal.clients.overview import ClientFile, with_job_search_files
from portal.hooks.contributions import render_items
from portal.hooks.manager import collect
from portal.hooks.types import Widget
from portal.models import Client, PathwayState
from portal.mypath.checkpoint_plan import shared_checkpoint
from portal.mypath.home import build_home
from portal.mypath.loading import load_path, load_path_and_reviews
from portal.pathway import jobsearch
from portal.pathway.forms import JobSearchForm
from portal.reviews import services as reviews
from portal.reviews.pages import review_or_404, reviews_of

bp = Blueprint("mypath", __name__, url_prefix="/my")


def own_client() -> Client:
    client = own_record(current_user)
    if client is None:
        abort(404)
    return client


def next_step(file: ClientFile, today: date) -> str:
    """The one thing the young person should know next, in plain language."""
    client = file.client
    checkpoint = file.open_checkpoint
    if checkpoint is not None:
        if checkpoint.next_meeting:
            return _(
                "You and your coach meet on %(day)s to agree how to go on.",
                day=format_date(checkpoint.next_meeting, "short"),
            )
        return _("Your coach will contact you soon to agree how to go on.")
    placement = file.running_placement
    if placement is not None:
        return _(
            "You are at %(company)s until %(day)s.",
            company=placement.company.name,
            day=format_date(placement.end_date, "short"),
        )
    upcoming = [p for p in file.placements if p.ended_on is None and p.start_date > today]
    if upcoming:
        return _(
            "Your workplace coaching at %(company)s starts on %(day)s.",
            company=upcoming[0].company.name,
            day=format_date(upcoming[0].start_date, "short"),
        )
    messages = {
        PathwayState.REFERRED: _l("Your coach will call you to agree on a first meeting."),
        PathwayState.INTAKE: _l(
            "You and your coach look together at what you already know and what you want."
        ),
        PathwayState.ATTITUDE_TRAINING: _l(
            "Come to the group meetings. Your coach looks for a workplace with you."
        ),
        PathwayState.WORKPLACE_COACHING: _l("Your coach agrees your workplace with you."),
        PathwayState.PATHWAY: _l(
            "You and your coach plan your next step: a job, studies or other support."
        ),
        PathwayState.FOLLOW_UP: _l("Your coach will ask you later how things are going."),
        PathwayState.CLOSED: _l("Your time in the project has ended. Good luck!"),
    }
    return str(messages.get(PathwayState(client.state), ""))


def render_path(items: list[Widget]) -> str:
    """The client's home: what to do now, progress, the next meeting and whom to call.

    The plugins' cards (``items``, not rendered here) are each a tap away on their own page.
    """
    client = own_record(current_user)
    if client is None:
        return render_template("mypath/path.html", client=None)
    file, reviews = load_path_and_reviews(client)
    today = clock.today()
    return render_template(
        "mypath/path.html",
        file=file,
        client=client,
        coach=client.coach,
        next_step=next_step(file, today),
        home=build_home(file, list(reviews), current_user, today),
        cards=items,
        checkpoint=file.checkpoints[0] if file.checkpoints else None,
        today=today,
    )


def render_job_search(form: JobSearchForm | None = None) -> str:
    client = own_client()
    return render_template(
        "mypath/job_search.html",
        file=with_job_search_files(load_path(client)),
        form=form or JobSearchForm(),
    )


@bp.route("/job-search")
@roles_required("client")
def job_search():
    """The young person's job-search log: tell how each application went, add a new one."""
    return render_job_search()


@bp.route("/more/<key>")
@roles_required("client")
def card(key: str):
    """One of the plugins' cards for the young person (their checklist, self-assessments...)."""
    own_client()
    item = next(
        (i for i in collect("portal_dashboard_widgets", user=current_user) if i.key == key), None
    )
    rendered = render_items([item]) if item is not None else []
    if not rendered:
        abort(404)
    return render_template("mypath/card.html", card=rendered[0])


@bp.route("/reviews")
@roles_required("client")
def review_list():
    """The young person's reviews with their coach and supervisor."""
    return render_template("mypath/reviews.html", reviews=reviews_of(own_client()))


@bp.route("/job-search", methods=["POST"])
@roles_required("client")
def add_job_search():
    client = own_client()
    form = JobSearchForm()
    submission = submit_form(
        form,
        lambda: jobsearch.add_entry(client, form_data(form, jobsearch.JobSearchData), current_user),
        success=_("Saved."),
    )
    if submission.saved:
        return redirect(url_for("mypath.job_search"))
    return render_job_search(form), 400


@bp.route("/checkpoints/<int:checkpoint_id>")
@roles_required("client")
def checkpoint(checkpoint_id: int):
    """The young person's own Check Point plan, in plain language."""
    shared = shared_checkpoint(own_client(), checkpoint_id)
    if shared is None:
        abort(404)
    return render_template("mypath/checkpoint.html", checkpoint=shared)


@bp.route("/information")
@roles_required("client")
def information():
    """The client may read everything recorded about their support needs and language."""
    client = own_client()
    record = read_sensitive(current_user, client, "own data")
    return render_template("mypath/information.html", client=client, record=record)


@bp.route("/reviews/<int:review_id>")
@roles_required("client")
def review(review_id: int):
    """The record of a review as the young person confirms it (no notes for coaches)."""
    item = review_or_404(review_id, own_client())
    return render_template("mypath/review.html", review=item, confirm=ConfirmForm())


@bp.route("/reviews/<int:review_id>/confirm", methods=["POST"])
@roles_required("client")
def confirm_review(review_id: int):
    item = review_or_404(review_id, own_client())
    submit_action(
        ConfirmForm(),
        lambda: reviews.confirm_by_client(item, current_user),
        success=_("Thank you. You confirmed the record."),
    )
    return redirect(url_for("mypath.review", review_id=item.id))
