"""The outcome at exit and the follow-ups 3 and 6 months later."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from portal.access.permissions import roles_required
from portal.app.extensions import db
from portal.models import Client, Company, FollowUp, Placement
from portal.pathway import outcomes as outcome_service
from portal.pathway import referrals
from portal.pathway.forms import NOT_CHOSEN, FollowUpForm, OutcomeForm
from portal.pathway.views.blueprint import COACHES, bp, form_flow, load_client, of_client


def _outcome_form(client: Client) -> OutcomeForm:
    form = OutcomeForm()
    placed = select(Placement.company_id).where(Placement.client_id == client.id)
    companies = db.session.execute(
        select(Company.id, Company.name).where(Company.id.in_(placed)).order_by(Company.name)
    ).all()
    form.company_id.choices = [
        SelectChoice(0, NOT_CHOSEN),
        *[SelectChoice(c.id, c.name) for c in companies],
    ]
    form.partner_id.choices = [SelectChoice(0, NOT_CHOSEN), *referrals.active_partners()]
    return form


def _outcome_data(form: OutcomeForm) -> outcome_service.OutcomeData:
    return outcome_service.OutcomeData(
        kind=form.kind.data,
        on=form.on.data,
        company_id=form.company_id.data or None,
        employer_name=form.employer_name.data or "",
        field=form.field.data or "",
        school=form.school.data or "",
        programme=form.programme.data or "",
        study_status=form.study_status.data or "",
        partner_id=form.partner_id.data or None,
        details=form.details.data or "",
        qualification_gained=form.qualification_gained.data or "",
        job_searching=form.job_searching.data or "",
    )


@bp.route("/outcome", methods=["GET", "POST"])
@roles_required(*COACHES)
def record_outcome(client_id: int):
    client = load_client(client_id)
    form = _outcome_form(client)
    return form_flow(
        client,
        form,
        _l("Record the outcome"),
        lambda: outcome_service.record(client, _outcome_data(form), current_user),
        anchor="outcome",
        success=_("Outcome recorded. Follow-ups in 3 and 6 months are on your worklist."),
    )


@bp.route("/follow-ups/<int:follow_up_id>", methods=["GET", "POST"])
@roles_required(*COACHES)
def record_follow_up(client_id: int, follow_up_id: int):
    client = load_client(client_id)
    follow_up = of_client(FollowUp, follow_up_id, client)
    form = FollowUpForm()
    return form_flow(
        client,
        form,
        _l("Follow-up after %(months)d months", months=follow_up.months),
        lambda: outcome_service.record_follow_up(
            follow_up,
            client,
            form.result.data,
            form.notes.data or "",
            current_user,
            improved=form.improved_situation.data or "",
        ),
        anchor="outcome",
        success=_("Follow-up recorded."),
        record=follow_up,
    )
