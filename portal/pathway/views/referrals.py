"""Referrals to and from the network partners, and how they turned out."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.access.permissions import roles_required
from portal.models import Referral
from portal.pathway import referrals
from portal.pathway.forms import ReferralForm, ReferralResultForm
from portal.pathway.views.blueprint import (
    COACHES,
    bp,
    form_flow,
    load_client,
    of_client,
    record_page,
)


@bp.route("/referrals/new", methods=["GET", "POST"])
@roles_required(*COACHES)
def add_referral(client_id: int):
    form = ReferralForm()
    form.partner_id.choices = referrals.active_partners()
    return record_page(
        client_id,
        form,
        _l("Add a referral"),
        referrals.add_referral,
        referrals.ReferralData,
        anchor="referrals",
    )


@bp.route("/referrals/<int:referral_id>", methods=["GET", "POST"])
@roles_required(*COACHES)
def edit_referral(client_id: int, referral_id: int):
    """Write down how a referral turned out."""
    client = load_client(client_id)
    referral = of_client(Referral, referral_id, client)
    form = ReferralResultForm(obj=referral)
    return form_flow(
        client,
        form,
        _l("Result of the referral"),
        lambda: referrals.record_result(referral, (form.result.data or "").strip(), current_user),
        anchor="referrals",
        success=_("Saved."),
        record=referral,
    )
