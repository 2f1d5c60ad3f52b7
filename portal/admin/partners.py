"""The admin's list of network partners (Ohjaamo, employment services, schools ...)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal.access import audit
from portal.access.permissions import roles_required
from portal.app.extensions import db
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
    if form.validate_on_submit():
        partner = partner or NetworkPartner()
        partner.name = form.name.data.strip()
        partner.kind = form.kind.data
        partner.contact = (form.contact.data or "").strip()
        partner.active = form.active.data
        db.session.add(partner)
        db.session.flush()
        audit.record("partner.save", object_type="partner", object_id=partner.id)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("partners.index"))
    return render_template("partners/form.html", form=form, partner=partner), (
        400 if request.method == "POST" else 200
    )
