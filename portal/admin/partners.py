"""The admin's list of network partners (Ohjaamo, employment services, schools ...)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.access.permissions import roles_required
from portal.admin import services
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.app.forms import form_data
from portal.app.pagination import paginate
from portal.models import NetworkPartner
from portal.pathway.forms import PartnerForm

bp = Blueprint("partners", __name__, url_prefix="/admin/partners")


@bp.route("/")
@roles_required("admin")
def index():
    pagination = paginate(select(NetworkPartner).order_by(NetworkPartner.name))
    return render_template("partners/index.html", pagination=pagination)


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:partner_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit(partner_id: int | None = None):
    partner = db.get_or_404(NetworkPartner, partner_id) if partner_id else None
    form = PartnerForm(obj=partner)
    submission = submit_form(
        form,
        lambda: services.save_partner(
            partner, form_data(form, services.PartnerDetails), current_user
        ),
        record=partner,
        success=_("Saved."),
    )
    if submission.saved:
        return redirect(url_for("partners.index"))
    return render_template("partners/form.html", form=form, partner=partner), submission.status
