"""What a view does with a submitted form, written once.

A view builds the form, calls :func:`submit_form` (or :func:`submit_action` for a one-button
POST) with the service call that saves, and then only decides where to go or what to render.
The service checks the rules (raising :class:`RuleError` before it writes), writes the audit
record and commits; here the refused rule is shown on the form, a concurrent edit is refused
and the user is told what happened. A form sent twice (the same ``form_token``) is saved once:
the replay answers as the first submission did, saying it was already saved. A form with a
token this session was not given, an edit without its token, or an edit without a well-formed
version is refused with 400 and saves nothing: it was not sent from the form as rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from portal.app import once
from portal.app.concurrency import CONFLICT, save_edit
from portal.app.extensions import db
from portal.app.forms import show_current, show_rule_error
from portal.app.rules import RuleError
from portal.models.base import Versioned

OK = 200
#: A form sent back with its errors (invalid input, or a rule that refused it).
REJECTED = 400
#: Versions are positive integers that fit the database's column.
_MAX_VERSION = 2**31 - 1


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
    edit: bool = False,
) -> Submission:
    """Validate ``form``, run ``save`` and report what happened.

    ``save``'s return value comes back as ``result``. Without ``record``, ``save`` is a
    service call that commits and ``success`` is flashed. With ``record`` (a versioned row the
    form edits), ``save`` applies and audits the change (and may commit): it is refused with
    409 when the row changed since the form was rendered, committed here otherwise (flashing
    ``success``, else "Changes saved."), and the form is given the row's current version
    whenever it is shown again.

    A refused rule is rolled back and shown next to its field. ``rejected_status`` is what a
    page answers when it shows its form again with errors: 400, except for the admin, client
    and group forms, which have always answered 200. On a conflict the fields keep what the
    user typed and say what is saved now.

    A replayed submission (its form token used already) saves nothing and comes back saved,
    with the row the first one saved as ``result``. ``edit`` marks a form that changes an
    existing row whose version the service checks itself: like an edit of ``record``, it is
    refused without its token.
    """
    submission = _submit(form, save, record, success, rejected_status, edit)
    if record is not None and not submission.saved:
        form.version.data = record.version
        if submission.status == CONFLICT:
            show_current(form, record)
    return submission


def _submit(
    form: FlaskForm,
    save: Callable[[], Any],
    record: Versioned | None,
    success: str | None,
    rejected_status: int,
    edit: bool,
) -> Submission:
    replay = _replay_of_used_token(form)
    if replay is not None:
        return _replayed(replay)
    if not form.validate_on_submit():
        return Submission(False, rejected_status if form.is_submitted() else OK)
    token = once.submitted_token()
    version = _sent_version(form) if record is not None else None
    if _not_sent_as_rendered(token, edit or record is not None) or (
        record is not None and version is None
    ):
        form.form_errors.append(_not_as_rendered())
        return Submission(False, REJECTED)
    replay = once.claim(token) if token else None
    if replay is not None:
        return _replayed(replay)
    try:
        if record is not None:
            saved: list[Any] = []
            if not save_edit(record, version, lambda: saved.append(save()), success):
                db.session.rollback()  # frees the token: the user may send the form again
                return Submission(False, CONFLICT)
            result = saved[0] if saved else None
        else:
            result = save()
            if success:
                flash(success, "success")
    except RuleError as error:
        db.session.rollback()
        show_rule_error(form, error)
        return Submission(False, rejected_status)
    if token:
        once.complete(token, result)
    return Submission(True, OK, result)


def _not_sent_as_rendered(token: str | None, edit: bool) -> bool:
    """A token this session was not given is refused; so is an edit without any token. A
    create or action sent without one (a script; every rendered form has one) is not
    guarded against a double submit, as signing in is not."""
    return token is None and (edit or once.token_sent())


def _replay_of_used_token(form: FlaskForm) -> once.Replay | None:
    """A form sent again is answered as a replay before it is validated: what it chose or
    created may no longer be valid now that the first submission saved it."""
    token = once.submitted_token() if form.is_submitted() else None
    if token is None or not once.was_used(token):
        return None
    return once.replay_of(token)


def _sent_version(form: FlaskForm) -> str | None:
    """The version the form was rendered with; None when it is missing or not a version.

    Every rendered edit form carries its version, so an edit without one (or with ``abc``,
    ``-1`` or a number no row reaches) was not made on a rendered copy and is not saved.
    """
    raw = (form.version.data or "").strip() if form.version.raw_data else ""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(_MAX_VERSION)):
        return None
    return raw if int(raw) <= _MAX_VERSION else None


def _not_as_rendered() -> str:
    return _(
        "The form was incomplete or out of date, so nothing was saved. Open the page again "
        "and send the form from there."
    )


def _replayed(replay: once.Replay) -> Submission:
    """The answer to a form sent again: as the first time, or (still running) a notice."""
    if replay.elsewhere:
        flash(_not_as_rendered(), "error")
        return Submission(False, REJECTED)
    if not replay.finished:
        flash(_("This form is being saved already: check the result before sending it again."))
        return Submission(False, CONFLICT)
    flash(_("This form was already saved; it was not saved again."), "info")
    return Submission(True, OK, replay.result)


def submit_action(
    form: FlaskForm,
    act: Callable[[], Any],
    *,
    success: str | None = None,
    invalid: str | None = None,
) -> bool:
    """A one-button POST (the view redirects either way): True when ``act`` ran.

    An invalid form flashes ``invalid`` when given; a refused rule is rolled back and its
    message flashed; otherwise ``success`` is flashed. A replay (the same form token again)
    does nothing and says so.
    """
    replay = _replay_of_used_token(form)
    if replay is not None:
        return _replayed(replay).saved
    if not form.validate_on_submit():
        if invalid:
            flash(invalid, "error")
        return False
    token = once.submitted_token()
    if _not_sent_as_rendered(token, edit=False):
        flash(_not_as_rendered(), "error")
        return False
    replay = once.claim(token) if token else None
    if replay is not None:
        return _replayed(replay).saved
    try:
        result = act()
    except RuleError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return False
    if token:
        once.complete(token, result)
    if success:
        flash(success, "success")
    return True
