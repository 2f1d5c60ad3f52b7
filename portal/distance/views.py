"""Distance-travelled pages: the coach's rounds, the young person's own, and the report."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.scoping import get_client_or_404, visible_clients
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.distance import areas, report, services
from portal.distance.forms import AnswersForm, OpenRoundForm
from portal.models import Client, DistanceRound
from portal.models.distance import AREAS

bp = Blueprint("distance", __name__)


def _page_context() -> dict:
    return {
        "areas": AREAS,
        "statements": areas.STATEMENTS,
        "short": areas.SHORT,
        "scale": areas.SCALE,
        "kinds": areas.KIND_LABELS,
    }


def _round_or_404(client: Client, round_id: int) -> DistanceRound:
    item = db.session.get(DistanceRound, round_id)
    if item is None or item.client_id != client.id:
        abort(404)
    return item


@bp.route("/clients/<int:client_id>/distance", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def rounds(client_id: int):
    """The client's self-assessments and their change; the coach opens the next one here."""
    client = get_client_or_404(current_user, client_id)
    form = OpenRoundForm()
    submission = submit_form(
        form,
        lambda: services.open_round(client, form.kind.data, current_user),
        success=_("The self-assessment is open. The young person fills it in on their pages."),
    )
    if submission.saved:
        return redirect(url_for("distance.rounds", client_id=client.id))
    return render_template(
        "distance/rounds.html",
        client=client,
        rounds=services.rounds_of(client.id),
        form=form,
        own=False,
        **_page_context(),
    ), submission.status


def _fill(client: Client, item: DistanceRound, done_url: str, template: str):
    form = AnswersForm(obj=item)
    submission = submit_form(
        form,
        lambda: services.save_answers(item, form.answers(), current_user),
        record=item,
        success=_("Thank you. Your answers are saved."),
    )
    if submission.saved:
        return redirect(done_url)
    return render_template(
        template, client=client, item=item, form=form, **_page_context()
    ), submission.status


@bp.route("/clients/<int:client_id>/distance/<int:round_id>", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def record(client_id: int, round_id: int):
    """The coach records the answers with a young person who cannot sign in."""
    client = get_client_or_404(current_user, client_id)
    item = _round_or_404(client, round_id)
    return _fill(
        client, item, url_for("distance.rounds", client_id=client.id), "distance/fill.html"
    )


def _own_client() -> Client:
    client = db.session.scalar(visible_clients(current_user))
    if client is None:
        abort(404)
    return client


@bp.route("/my/distance")
@roles_required("client")
def mine():
    """The young person's own ratings, round by round: where they started and where they are."""
    client = _own_client()
    return render_template(
        "distance/rounds.html",
        client=client,
        rounds=services.rounds_of(client.id),
        form=None,
        own=True,
        **_page_context(),
    )


@bp.route("/my/distance/<int:round_id>", methods=["GET", "POST"])
@roles_required("client")
def fill(round_id: int):
    client = _own_client()
    item = _round_or_404(client, round_id)
    return _fill(client, item, url_for("distance.mine"), "distance/fill.html")


@bp.route("/reports/distance")
@roles_required(*CASEWORKERS)
def change_report():
    """The change per area from the first to the latest round, overall and by group."""
    scope = visible_clients(current_user).with_only_columns(Client.id)
    return render_template(
        "distance/report.html",
        overall=report.overall(scope),
        by_group=report.by_group(scope),
        **_page_context(),
    )
