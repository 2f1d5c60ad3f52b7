"""The notifications page, marking read and the choice of what comes by email."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField, SubmitField
from wtforms.widgets import CheckboxInput, ListWidget

from portal.access.permissions import signed_in_required
from portal.app.editing import submit_action, submit_form
from portal.app.forms import ConfirmForm
from portal.app.parsing import int_arg
from portal.notify import service

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.record_once
def _header_count(state) -> None:
    """``unread_notifications()`` for the header include: one statement, signed in only."""

    def unread() -> int:
        if not current_user.is_authenticated:
            return 0
        return service.unread_count(current_user._get_current_object())

    state.app.jinja_env.globals["unread_notifications"] = unread


class EmailForm(FlaskForm):
    email = SelectMultipleField(
        _l("Send me these by email"),
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )
    submit = SubmitField(_l("Save"))


def _email_form(**kwargs) -> EmailForm:
    form = EmailForm(**kwargs)
    form.email.choices = [SelectChoice(kind, str(label)) for kind, label in service.KINDS.items()]
    return form


@bp.route("/")
@signed_in_required
def index():
    user = current_user._get_current_object()
    items = service.page(user, before=int_arg("before") or None)
    more = items[-1].id if len(items) == service.PAGE else None
    form = _email_form(formdata=None, email=sorted(service.email_kinds(user)))
    return render_template(
        "notify/index.html", items=items, more=more, form=form, action=ConfirmForm()
    )


@bp.route("/<int:notification_id>/read", methods=["POST"])
@signed_in_required
def read(notification_id: int):
    notification = service.get_or_404(current_user, notification_id)
    submit_action(ConfirmForm(), lambda: service.mark_read(notification))
    return redirect(url_for("notifications.index"), 303)


@bp.route("/read", methods=["POST"])
@signed_in_required
def read_all():
    user = current_user._get_current_object()
    submit_action(
        ConfirmForm(),
        lambda: service.mark_all_read(user),
        success=_("All notifications marked read."),
    )
    return redirect(url_for("notifications.index"), 303)


@bp.route("/email", methods=["POST"])
@signed_in_required
def email():
    user = current_user._get_current_object()
    form = _email_form()
    submission = submit_form(
        form,
        lambda: service.save_email_kinds(user, form.email.data or []),
        success=_("Your email choices were saved."),
        edit=True,  # unticked boxes send nothing: a post without the form's token is refused
    )
    if submission.saved:
        return redirect(url_for("notifications.index"), 303)
    items = service.page(user)
    more = items[-1].id if len(items) == service.PAGE else None
    return render_template(
        "notify/index.html", items=items, more=more, form=form, action=ConfirmForm()
    ), submission.status
