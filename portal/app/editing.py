"""What a view does with a submitted form, written once.

A view builds the form, calls :func:`submit_form` (or :func:`submit_action` for a one-button
POST) with the service call that saves, and then only decides where to go or what to render.
The service checks the rules (raising :class:`RuleError` before it writes), writes the audit
record and commits; here the refused rule is shown on the form, a concurrent edit is refused
and the user is told what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash
from flask_wtf import FlaskForm

from portal.app.concurrency import CONFLICT, save_edit
from portal.app.extensions import db
from portal.app.forms import show_rule_error
from portal.app.rules import RuleError
from portal.models.base import Versioned

OK = 200
#: A form sent back with its errors (invalid input, or a rule that refused it).
REJECTED = 400


@dataclass(frozen=True)
class Submission:
    """The outcome of a form: ``saved``, else the status of the page that shows it again."""

    saved: bool
    status: int = OK
    result: Any = None


def submit_form(
    form: FlaskForm,
    save: Callable[[], Any],
    *,
    record: Versioned | None = None,
    success: str | None = None,
    rejected_status: int = REJECTED,
) -> Submission:
    """Validate ``form``, run ``save`` and report what happened.

    Without ``record``, ``save`` is a service call that commits; its return value comes back
    as ``result`` and ``success`` is flashed. With ``record`` (a versioned row the form edits),
    ``save`` only applies and audits the change: it is refused with 409 when the row changed
    since the form was rendered, committed here otherwise (flashing "Changes saved."), and the
    form is given the row's current version whenever it is shown again.

    A refused rule is rolled back and shown next to its field. ``rejected_status`` is what a
    page answers when it shows its form again with errors: 400, except for the admin, client
    and group forms, which have always answered 200.
    """
    submission = _submit(form, save, record, success, rejected_status)
    if record is not None and not submission.saved:
        form.version.data = record.version
    return submission


def _submit(
    form: FlaskForm,
    save: Callable[[], Any],
    record: Versioned | None,
    success: str | None,
    rejected_status: int,
) -> Submission:
    if not form.validate_on_submit():
        return Submission(False, rejected_status if form.is_submitted() else OK)
    try:
        if record is not None:
            saved = save_edit(record, form.version.data, save)
            return Submission(saved, OK if saved else CONFLICT)
        result = save()
    except RuleError as error:
        db.session.rollback()
        show_rule_error(form, error)
        return Submission(False, rejected_status)
    if success:
        flash(success, "success")
    return Submission(True, OK, result)


def submit_action(
    form: FlaskForm,
    act: Callable[[], Any],
    *,
    success: str | None = None,
    invalid: str | None = None,
) -> bool:
    """A one-button POST (the view redirects either way): True when ``act`` ran.

    An invalid form flashes ``invalid`` when given; a refused rule is rolled back and its
    message flashed; otherwise ``success`` is flashed.
    """
    if not form.validate_on_submit():
        if invalid:
            flash(invalid, "error")
        return False
    try:
        act()
    except RuleError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return False
    if success:
        flash(success, "success")
    return True
