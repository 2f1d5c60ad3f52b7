"""Refusing the second of two concurrent edits instead of silently overwriting the first."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from portal.extensions import db
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
