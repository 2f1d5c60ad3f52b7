"""The pathway blueprint and what its pages share: the client, the way back, the form page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from portal.access.permissions import CASEWORKERS
from portal.access.scoping import get_client_or_404
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.app.forms import form_data
from portal.models import Client
from portal.models.base import Versioned

bp = Blueprint("pathway", __name__, url_prefix="/clients/<int:client_id>")

COACHES = CASEWORKERS

Row = TypeVar("Row")


def load_client(client_id: int) -> Client:
    """The client in the URL, when the signed-in user may see them (404 otherwise)."""
    return get_client_or_404(current_user, client_id)


def of_client(model: type[Row], row_id: int, client: Client) -> Row:
    """A row of ``model`` that belongs to ``client``: 404 for any other id."""
    row = db.session.get(model, row_id)
    if row is None or row.client_id != client.id:
        abort(404)
    return row


def back(client: Client, anchor: str = "") -> Response:
    """Back to the section of the client page the form was about."""
    return redirect(
        url_for("clients.detail", client_id=client.id) + (f"#{anchor}" if anchor else "")
    )


def form_page(client: Client, form: FlaskForm, title: Any, *, status: int = 200):
    return render_template("pathway/form.html", client=client, form=form, title=title), status


def form_flow(
    client: Client,
    form: FlaskForm,
    title: Any,
    save: Callable[[], Any],
    *,
    anchor: str,
    success: str | None = None,
    record: Versioned | None = None,
):
    """A pathway form: saved through ``save``, then back to the client's ``anchor`` section."""
    submission = submit_form(form, save, record=record, success=success)
    if submission.saved:
        return back(client, anchor)
    return form_page(client, form, title, status=submission.status)


def record_page(
    client_id: int,
    form: FlaskForm,
    title: Any,
    add: Callable[[Client, Any, Any], Any],
    data_type: type,
    *,
    anchor: str,
):
    """A form that adds one record to the client: ``add(client, data, actor)`` saves it."""
    client = load_client(client_id)
    return form_flow(
        client,
        form,
        title,
        lambda: add(client, form_data(form, data_type), current_user),
        anchor=anchor,
        success=_("Saved."),
    )
