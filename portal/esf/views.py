"""The ESF+ questions on a client, and the common indicators (page, CSV, XLSX)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from portal.access.permissions import roles_required
from portal.access.scoping import get_client_or_404
from portal.access.sensitive import read_sensitive
from portal.app.editing import submit_form
from portal.app.forms import form_data
from portal.esf import intake
from portal.esf.forms import EsfEntryForm
from portal.esf.municipalities import rural_class

bp = Blueprint("esf", __name__)


@bp.route("/clients/<int:client_id>/esf", methods=["GET", "POST"])
@roles_required("coach")
def entry(client_id: int):
    """The client's coaches ask the questions once, at entry; reading them is audit-logged."""
    client = get_client_or_404(current_user, client_id)
    record = read_sensitive(current_user, client, "esf_reporting")
    form = EsfEntryForm(obj=_answers(client, record))
    submission = submit_form(
        form,
        lambda: intake.save_entry(
            client, record, form_data(form, intake.EntryDetails), current_user
        ),
        record=client,
    )
    if submission.saved:
        return redirect(url_for("clients.detail", client_id=client.id))
    return render_template(
        "esf/entry.html",
        client=client,
        form=form,
        age=client.entry_date.year - client.birth_year,
        municipality_class=rural_class(client.municipality),
    ), submission.status


class _Answers:
    """The stored answers under the form's field names (two tables, one form)."""

    def __init__(self, client, record) -> None:
        self.version = client.version
        for name in intake.CLIENT_ANSWERS:
            setattr(self, name, getattr(client, name))
        for name in intake.SENSITIVE:
            setattr(self, name, getattr(record, name) or "")


def _answers(client, record) -> _Answers:
    return _Answers(client, record)
