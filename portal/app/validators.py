"""Domain validators shared by forms and the command line."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, ValidationError
from wtforms.validators import Email

BUSINESS_ID = re.compile(r"^(\d{6,7})-(\d)$")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def normalise_business_id(value: str) -> str | None:
    """Return the business ID (Y-tunnus) as ``NNNNNNN-C`` when its check digit is right."""
    match = BUSINESS_ID.match(value.strip())
    if not match:
        return None
    digits = match.group(1).zfill(7)
    remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    check = 0 if remainder == 0 else 11 - remainder
    if check != int(match.group(2)):
        return None
    return f"{digits}-{check}"


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
