"""The client's phase, and what the coach records along the way: prior learning, contacts
and the consents to share information with employers."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from portal.access.permissions import roles_required
from portal.app.confirm import confirmation_page
from portal.app.editing import submit_action
from portal.app.forms import ConfirmForm
from portal.models import Consent, PathwayState
from portal.pathway import records
from portal.pathway.forms import ConsentForm, ContactForm, PriorLearningForm, TransitionForm
from portal.pathway.transitions import move_by_hand
from portal.pathway.views.blueprint import COACHES, back, bp, load_client, of_client, record_page


@bp.route("/state", methods=["POST"])
@roles_required(*COACHES)
def change_state(client_id: int):
    client = load_client(client_id)
    form = TransitionForm()
    form.target.choices = [SelectChoice(s.value, s.value) for s in PathwayState]
    submit_action(
        form,
        lambda: move_by_hand(client, form.target.data, current_user, form.reason.data or ""),
        success=_("The phase was changed."),
    )
    return back(client, "phase")


@bp.route("/prior-learning/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_prior_learning(client_id: int):
    return record_page(
        client_id,
        PriorLearningForm(),
        _l("Add prior learning"),
        records.add_prior_learning,
        records.PriorLearningData,
        anchor="intake",
    )


@bp.route("/contacts/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_contact(client_id: int):
    return record_page(
        client_id,
        ContactForm(),
        _l("Record a contact"),
        records.add_contact,
        records.ContactData,
        anchor="contacts",
    )


@bp.route("/consents/new", methods=["GET", "POST"])
@roles_required("coach")
def add_consent(client_id: int):
    return record_page(
        client_id,
        ConsentForm(),
        _l("Record consent"),
        records.add_consent,
        records.ConsentData,
        anchor="consents",
    )


@bp.route("/consents/<int:consent_id>/withdraw", methods=["POST"])
@roles_required("coach")
def withdraw_consent(client_id: int, consent_id: int):
    client = load_client(client_id)
    consent = of_client(Consent, consent_id, client)
    asked = confirmation_page(
        _("Withdraw the consent?"),
        _("Withdraw the consent"),
        _("The consent stays in the history with the time it was withdrawn."),
    )
    if asked:
        return asked
    submit_action(
        ConfirmForm(),
        lambda: records.withdraw_consent(consent, current_user),
        success=_("The consent was withdrawn. Employers no longer see this information."),
    )
    return back(client, "consents")
