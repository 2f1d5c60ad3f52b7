"""The admin's webhooks: made for an account with the events it is told of, the signing
secret shown once, each message listed with the answer it got, stopped."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import (
    EmailField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
    URLField,
)
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from portal.access.permissions import roles_required
from portal.admin.services import active_account
from portal.app.confirm import confirmation_page
from portal.app.editing import submit_action, submit_form
from portal.app.extensions import db
from portal.app.forms import ConfirmForm
from portal.app.listing import keyset_page
from portal.integrations import delivery, webhooks
from portal.integrations.addresses import LONGEST_URL
from portal.models import Webhook, WebhookDelivery

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")


class WebhookForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("Which system receives the messages, for example the city's case system."),
    )
    url = URLField(
        _l("Address"),
        validators=[DataRequired(), Length(max=LONGEST_URL)],
        description=_l("The https:// address the receiving system gave for Polku's messages."),
    )
    account = EmailField(
        _l("Account (email)"),
        validators=[DataRequired(), Length(max=254)],
        description=_l(
            "Messages are sent about the young people this account sees, and no others."
        ),
    )
    events = SelectMultipleField(
        _l("Events"),
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )
    submit = SubmitField(_l("Make the webhook"))


def _webhook_form() -> WebhookForm:
    form = WebhookForm()
    form.events.choices = [SelectChoice(k, str(label)) for k, label in webhooks.EVENTS.items()]
    return form


def _make(form: WebhookForm) -> webhooks.Made:
    user = active_account(form.account.data)
    by = current_user._get_current_object()
    return webhooks.make(form.name.data.strip(), form.url.data, user, form.events.data or [], by)


@bp.route("/")
@roles_required("admin")
def index():
    page = keyset_page(
        select(Webhook),
        Webhook.id,
        {"made": (Webhook.created_at,), "name": (Webhook.name,)},
        "-made",
        options=[joinedload(Webhook.user)],
    )
    return render_template("webhooks/index.html", page=page, events=webhooks.EVENTS)


@bp.route("/new", methods=["GET", "POST"])
@roles_required("admin")
def new():
    form = _webhook_form()
    submission = submit_form(form, lambda: _make(form), rejected_status=200)
    if submission.saved and isinstance(submission.result, webhooks.Made):
        return render_template("webhooks/made.html", made=submission.result, events=webhooks.EVENTS)
    if submission.saved:  # sent twice: the secret was shown on the first answer only
        return redirect(url_for("webhooks.index"))
    return render_template("webhooks/form.html", form=form), submission.status


@bp.route("/<int:webhook_id>")
@roles_required("admin")
def show(webhook_id: int):
    webhook = db.session.get(Webhook, webhook_id, options=[joinedload(Webhook.user)])
    if webhook is None:
        abort(404)
    page = keyset_page(
        select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id),
        WebhookDelivery.id,
        {"made": (WebhookDelivery.id,)},
        "-made",
    )
    return render_template(
        "webhooks/show.html",
        webhook=webhook,
        page=page,
        events=webhooks.EVENTS,
        action=ConfirmForm(),
    )


@bp.route("/<int:webhook_id>/stop", methods=["POST"])
@roles_required("admin")
def stop(webhook_id: int):
    webhook = db.get_or_404(Webhook, webhook_id)
    asking = confirmation_page(
        _("Stop the webhook %(name)s?", name=webhook.name),
        _("Stop"),
        _("No more messages are sent to it, nor those still waiting. This cannot be undone."),
    )
    if asking is not None:
        return asking
    submit_action(
        ConfirmForm(),
        lambda: webhooks.stop(webhook, current_user._get_current_object()),
        success=_("The webhook is stopped."),
    )
    return redirect(url_for("webhooks.show", webhook_id=webhook.id))


@bp.route("/<int:webhook_id>/messages/<int:delivery_id>/again", methods=["POST"])
@roles_required("admin")
def send_again(webhook_id: int, delivery_id: int):
    webhook = db.get_or_404(Webhook, webhook_id)
    message = db.get_or_404(WebhookDelivery, delivery_id)
    if message.webhook_id != webhook.id:
        abort(404)
    submit_action(
        ConfirmForm(),
        lambda: delivery.send_again(message, webhook),
        success=_("The message is sent again."),
    )
    return redirect(url_for("webhooks.show", webhook_id=webhook.id))
