from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from portal.app.i18n import language_select_choices
from portal.auth.passwords import password_problems


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Sign in"))


def strong_password(form: FlaskForm, field) -> None:
    """The policy, with the words of the account the form is for (``form.personal``)."""
    problems = password_problems(field.data or "", personal=getattr(form, "personal", ()))
    if problems:
        raise ValidationError(" ".join(problems))


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), strong_password],
        description=_l(
            "12 to 128 characters. A few words in a row make a good password; "
            "not your name, Polku or a season and a year."
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Save password"))


class ChangePasswordForm(SetPasswordForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )


class LanguageForm(FlaskForm):
    """The picker: the languages this user may choose, each named in its own language."""

    lang = SelectField(_l("Language"))
    next = StringField()
    submit = SubmitField(_l("Change language"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lang.choices = language_select_choices(current_user)


class AccessibilityFeedbackForm(FlaskForm):
    message = TextAreaField(_l("Your feedback"), validators=[DataRequired(), Length(max=4000)])
    contact = StringField(_l("Email or phone (optional)"), validators=[Length(max=254)])
    submit = SubmitField(_l("Send feedback"))


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("The 6-digit code from your authenticator app, or a recovery code."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Continue"))


class EnrolForm(FlaskForm):
    code = StringField(
        _l("Code from the app"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("The 6-digit code the app shows for Polku."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField(_l("Turn on two-step sign-in"))


class RenewCodesForm(FlaskForm):
    understood = BooleanField(
        _l("I understand that my earlier recovery codes stop working"),
        validators=[DataRequired(message=_l("Tick the box to make new codes."))],
    )
    submit = SubmitField(_l("Make new recovery codes"))


class ConfirmIdentityForm(FlaskForm):
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        _l("Code"),
        validators=[Length(max=40)],
        description=_l("The 6-digit code from your authenticator app, or a recovery code."),
        render_kw={"autocomplete": "one-time-code"},
    )
    submit = SubmitField(_l("Confirm"))
