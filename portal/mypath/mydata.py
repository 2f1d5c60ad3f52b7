"""The young person's own data page: who has seen their information, and their consents."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import consents
from portal.access.access_log import before_key, readings
from portal.access.permissions import roles_required
from portal.app.editing import submit_action
from portal.app.forms import ConfirmForm
from portal.models import Consent
from portal.mypath.views import own_client
from portal.pathway import records

bp = Blueprint("mydata", __name__, url_prefix="/my/data")


@bp.route("/")
@roles_required("client")
def index():
    client = own_client()
    page, older = readings(client.id, before_key())
    return render_template(
        "mypath/my_data.html",
        readings=page,
        older=older,
        first_page=before_key() is None,
        consents=consents.consents_of(client),
        shares=consents.SHARES,
    )


@bp.route("/consents/<int:consent_id>/withdraw", methods=["GET", "POST"])
@roles_required("client")
def withdraw_consent(consent_id: int):
    """Confirm, then withdraw: the consent stays in the history with its withdrawal time."""
    consent = consents.consent_of_or_404(own_client(), consent_id)
    form = ConfirmForm()
    if request.method == "POST":
        submit_action(
            form,
            lambda: records.withdraw_consent(consent, current_user),
            success=_("You withdrew the consent. %(change)s", change=_change(consent)),
        )
        return redirect(url_for("mydata.index") + "#consents")
    return render_template(
        "mypath/withdraw_consent.html",
        consent=consent,
        shares=consents.SHARES,
        change=_change(consent),
        form=form,
    )


def _change(consent: Consent) -> str:
    return str(consents.WITHDRAWING.get(consent.scope, ""))
