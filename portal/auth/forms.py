from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

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
    problems = password_problems(field.data or "")
    if problems:
        raise ValidationError(" ".join(problems))


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), strong_password],
        description=_l("At least 12 characters. A few words in a row make a good password."),
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
    lang = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("fi", "Suomi"),
            SelectChoice("sv", "Svenska"),
            SelectChoice("en", "English"),
        ],
    )
    next = StringField()
    submit = SubmitField(_l("Change language"))


class AccessibilityFeedbackForm(FlaskForm):
    message = TextAreaField(_l("Your feedback"), validators=[DataRequired(), Length(max=4000)])
    contact = StringField(_l("Email or phone (optional)"), validators=[Length(max=254)])
    submit = SubmitField(_l("Send feedback"))
