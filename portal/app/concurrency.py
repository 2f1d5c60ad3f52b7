"""Refusing the second of two concurrent edits instead of silently overwriting the first."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from portal.app.extensions import db
from portal.models.base import Versioned

CONFLICT = 409


def changed_since(obj: Versioned, submitted_version: str | None) -> bool:
    """True when the row changed after the form was rendered; tells the user so."""
    if str(obj.version) == (submitted_version or "").strip():
        return False
    flash(
        _(
            "Someone else changed this record while you were editing, so your changes were "
            "not saved. The form shows what is saved now next to your text, which is kept: "
            "check it and save again."
        ),
        "error",
    )
    return True


def save_edit(
    obj: Versioned,
    submitted_version: str | None,
    apply: Callable[[], None],
    success: str | None = None,
) -> bool:
    """Apply a form's changes to ``obj`` and commit, unless someone else changed it first.

    ``submitted_version`` is the version the form was rendered with (None: not checked).

    Returns True when saved (and says so to the user: ``success``, else "Changes saved.");
    False on a conflict, which the user has been told about: the view then answers 409 with
    the current data. ``apply`` may commit itself (a service that saves and audits).
    """
    if submitted_version is not None and changed_since(obj, submitted_version):
        return False
    try:
        apply()
    except StaleDataError:
        return _lost_race()
    if not commit_or_conflict():
        return False
    flash(success or _("Changes saved."), "success")
    return True


def commit_or_conflict() -> bool:
    """Commit; on a race lost at the database level roll back, tell the user, return False."""
    try:
        db.session.commit()
    except StaleDataError:
        return _lost_race()
    return True


def _lost_race() -> bool:
    db.session.rollback()
    flash(
        _(
            "Someone else saved changes to this record at the same moment. Your changes "
            "were not saved."
        ),
        "error",
    )
    return False
