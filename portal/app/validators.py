"""Domain validators shared by forms and the command line."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from stdnum.exceptions import ValidationError as InvalidNumber
from stdnum.fi import ytunnus
from wtforms import Field, Form, ValidationError
from wtforms.validators import Email

#: The business IDs given before 1990 have six digits; the register writes them with a 0 first.
SIX_DIGITS = re.compile(r"^\d{6}-\d$")


def normalise_business_id(value: str) -> str | None:
    """The business ID (Y-tunnus) as ``NNNNNNN-C`` when it is one (python-stdnum checks the
    digits and the check digit); None otherwise."""
    value = value.strip()
    if SIX_DIGITS.match(value):
        value = "0" + value
    try:
        return ytunnus.format(ytunnus.validate(value))
    except InvalidNumber:
        return None


def business_id(form: Form, field: Field) -> None:
    if not field.data:
        return
    normalised = normalise_business_id(field.data)
    if normalised is None:
        raise ValidationError(_l("Enter a valid business ID, for example 1572860-0."))
    field.data = normalised


class MailAddress(Email):
    """An email address as WTForms' ``Email`` checks it, except that the reserved ``.test``
    domain is accepted where ``EMAIL_ALLOW_TEST_DOMAINS`` says so (development and testing):
    the demo accounts live at polku.test, and inviting a colleague there must work."""

    def __call__(self, form: Form, field: Field) -> None:
        self.test_environment = bool(current_app.config.get("EMAIL_ALLOW_TEST_DOMAINS"))
        super().__call__(form, field)
