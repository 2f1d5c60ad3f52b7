"""Placements at partner companies: add, edit, interrupt and end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectChoice

from portal.access.permissions import roles_required
from portal.app import clock
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.models import Client, Company, Placement, Role, User
from portal.pathway import outcomes
from portal.pathway import placements as placement_service
from portal.pathway.forms import NOT_CHOSEN, EndPlacementForm, InterruptionForm, PlacementForm
from portal.pathway.outcomes import OutcomeData
from portal.pathway.transitions import CheckpointRequired
from portal.pathway.views.blueprint import (
    COACHES,
    back,
    bp,
    form_flow,
    load_client,
    of_client,
)

#: A new placement's prefilled length: two months, inside the 1-3 months that need no reason.
USUAL_LENGTH = timedelta(weeks=8)

#: The end form's choice for a placement that ends on (or after) its planned last day.
AS_PLANNED = "as_planned"


def _placement_form(placement: Placement | None = None) -> PlacementForm:
    form = PlacementForm(obj=placement)
    companies = db.session.execute(select(Company.id, Company.name).order_by(Company.name)).all()
    form.company_id.choices = [SelectChoice(c.id, c.name) for c in companies]
    supervisors = db.session.execute(
        select(User.id, User.name, Company.name)
        .join(Company, Company.id == User.company_id)
        .where(User.role == Role.EMPLOYER, User.active.is_(True))
        .order_by(Company.name, User.name)
    ).all()
    form.supervisor_id.choices = [
        SelectChoice(0, NOT_CHOSEN),
        *[SelectChoice(s[0], f"{s[1]} ({s[2]})") for s in supervisors],
    ]
    if request.method == "GET" and placement is not None:
        form.supervisor_id.data = placement.supervisor_id or 0
    elif request.method == "GET":  # a new placement: from today, within the usual 1-3 months
        form.start_date.data = clock.today()
        form.end_date.data = clock.today() + USUAL_LENGTH
    return form


def _placement_data(form: PlacementForm) -> placement_service.PlacementData:
    return placement_service.PlacementData(
        company_id=form.company_id.data,
        supervisor_id=form.supervisor_id.data or None,
        kind=form.kind.data,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        tasks=(form.tasks.data or "").strip(),
        part_time_percent=form.part_time_percent.data,
        length_reason=(form.length_reason.data or "").strip(),
        next_step=(form.next_step.data or "").strip(),
    )


@bp.route("/placements/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_placement(client_id: int):
    client = load_client(client_id)
    form = _placement_form()
    return form_flow(
        client,
        form,
        _l("Add a placement"),
        lambda: placement_service.create(client, _placement_data(form), current_user),
        anchor="placements",
        success=_("Placement saved."),
    )


def _placement_flow(
    client: Client,
    form: FlaskForm,
    title: Any,
    save: Callable[[], Any],
    **options: Any,
):
    """A placement form whose refusal may point to the Check Point (ending early, shortening
    or moving a running placement): the page then links to opening one."""
    refused: list[CheckpointRequired] = []

    def guarded() -> Any:
        try:
            return save()
        except CheckpointRequired as error:
            refused.append(error)
            raise

    submission = submit_form(form, guarded, **options)
    if submission.saved:
        return back(client, "placements")
    return render_template(
        "pathway/form.html", client=client, form=form, title=title, checkpoint_needed=bool(refused)
    ), submission.status


@bp.route("/placements/<int:placement_id>", methods=["GET", "POST"])
@roles_required(*COACHES)
def edit_placement(client_id: int, placement_id: int):
    client = load_client(client_id)
    placement = of_client(Placement, placement_id, client)
    form = _placement_form(placement)
    return _placement_flow(
        client,
        form,
        _l("Edit placement"),
        lambda: placement_service.update(placement, client, _placement_data(form), current_user),
        record=placement,
    )


def _end(placement: Placement, client: Client, form: EndPlacementForm) -> None:
    """End as planned, or early with the success the coach chose."""
    reason = (form.reason.data or "").strip()
    if form.ending.data == AS_PLANNED:
        placement_service.end(placement, client, form.on.data, reason, current_user)
        return
    data = OutcomeData(kind=form.ending.data, on=form.on.data)
    for name in ("employer_name", "field", "school", "programme", "study_status"):
        setattr(data, name, (getattr(form, name).data or "").strip())
    outcomes.end_with_success(placement, client, data, reason, current_user)


@bp.route("/placements/<int:placement_id>/end", methods=["GET", "POST"])
@roles_required(*COACHES)
def end_placement(client_id: int, placement_id: int):
    client = load_client(client_id)
    placement = of_client(Placement, placement_id, client)
    form = EndPlacementForm()
    return _placement_flow(
        client,
        form,
        _l("End placement"),
        lambda: _end(placement, client, form),
        success=_("The placement has ended."),
        record=placement,
    )


@bp.route("/placements/<int:placement_id>/interruptions/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_interruption(client_id: int, placement_id: int):
    client = load_client(client_id)
    placement = of_client(Placement, placement_id, client)
    form = InterruptionForm()
    return form_flow(
        client,
        form,
        _l("Add an interruption"),
        lambda: placement_service.interrupt(
            placement,
            form.start_date.data,
            form.end_date.data,
            form.reason.data or "",
            current_user,
        ),
        anchor="placements",
        success=_("Saved."),
    )
