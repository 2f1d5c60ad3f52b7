"""The admin's API tokens: made for an account with scopes and an expiry day, the secret
shown once, listed with their last use, revoked."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import (
    DateField,
    EmailField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from portal.access.permissions import roles_required
from portal.admin.services import active_account
from portal.app import clock
from portal.app.confirm import confirmation_page
from portal.app.editing import submit_action, submit_form
from portal.app.extensions import db
from portal.app.forms import ConfirmForm
from portal.app.listing import keyset_page
from portal.app.rules import RuleError
from portal.models import ApiToken
from portal.rest import tokens

bp = Blueprint("tokens", __name__, url_prefix="/admin/tokens")


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("Which system or script uses it, for example the city's reporting."),
    )
    account = EmailField(
        _l("Account (email)"),
        validators=[DataRequired(), Length(max=254)],
        description=_l(
            "The token acts as this account: it sees what the account sees. Make an account "
            "of its own for a system, with the role and company it needs."
        ),
    )
    scopes = SelectMultipleField(
        _l("Allowed"),
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )
    expires_on = DateField(
        _l("Valid until"),
        validators=[DataRequired(message=_l("Enter a date."))],
        description=_l("At most a year ahead."),
    )
    submit = SubmitField(_l("Make the token"))


def _token_form() -> TokenForm:
    form = TokenForm()
    form.scopes.choices = [SelectChoice(key, str(label)) for key, label in tokens.SCOPES.items()]
    return form


def _make(form: TokenForm) -> tokens.Made:
    """The rules a token is made by; a broken one is shown at its field."""
    user = active_account(form.account.data)
    expires_on: date = form.expires_on.data
    today = clock.today()
    if expires_on <= today:
        raise RuleError(_("Choose a day after today."), "expires_on")
    if expires_on > today + tokens.LONGEST:
        raise RuleError(_("Choose a day at most a year ahead."), "expires_on")
    by = current_user._get_current_object()
    return tokens.make(form.name.data.strip(), user, form.scopes.data or [], expires_on, by)


@bp.route("/")
@roles_required("admin")
def index():
    page = keyset_page(
        select(ApiToken),
        ApiToken.id,
        {"made": (ApiToken.created_at,), "name": (ApiToken.name,)},
        "-made",
        options=[joinedload(ApiToken.user)],
    )
    return render_template(
        "tokens/index.html",
        page=page,
        scopes=tokens.SCOPES,
        now=clock.utcnow(),
        works=tokens.works,
        last_day=tokens.last_day,
        revoke=ConfirmForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required("admin")
def new():
    form = _token_form()
    submission = submit_form(form, lambda: _make(form), rejected_status=200)
    if submission.saved and isinstance(submission.result, tokens.Made):
        return render_template(
            "tokens/made.html",
            made=submission.result,
            scopes=tokens.SCOPES,
            last_day=tokens.last_day,
        )
    if submission.saved:  # sent twice: the secret was shown on the first answer only
        return redirect(url_for("tokens.index"))
    return render_template("tokens/form.html", form=form), submission.status


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@roles_required("admin")
def revoke(token_id: int):
    token = db.get_or_404(ApiToken, token_id)
    asking = confirmation_page(
        _("Revoke the token %(name)s?", name=token.name),
        _("Revoke"),
        _("Every system that uses it is refused from then on. This cannot be undone."),
    )
    if asking is not None:
        return asking
    submit_action(
        ConfirmForm(),
        lambda: tokens.revoke(token, current_user._get_current_object()),
        success=_("The token no longer works."),
    )
    return redirect(url_for("tokens.index"))
