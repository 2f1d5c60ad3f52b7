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
            "Someone else saved changes to this record while you were editing. Your changes "
            "were not saved: check the current information and make your change again."
        ),
        "error",
    )
    return True


def save_edit(obj: Versioned, submitted_version: str | None, apply: Callable[[], None]) -> bool:
    """Apply a form's changes to ``obj`` and commit, unless someone else changed it first.

    Returns True when saved (and says so to the user); False on a conflict, which the user
    has been told about: the view then answers 409 with the current data.
    """
    if changed_since(obj, submitted_version):
        return False
    apply()
    if not commit_or_conflict():
        return False
    flash(_("Changes saved."), "success")
    return True


def commit_or_conflict() -> bool:
    """Commit; on a race lost at the database level roll back, tell the user, return False."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash(
            _(
                "Someone else saved changes to this record at the same moment. Your changes "
                "were not saved."
            ),
            "error",
        )
        return False
    return True
