"""Saving an import: every row in one transaction or none, each through the service that saves
one typed in (``add_client``, ``add_company``) with its rules and its audit record, and one
audit record of the import naming the file and the rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.access import audit
from portal.admin.services import add_company
from portal.app import once
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.clients.services import add_client
from portal.groups.rules import size_is_unusual
from portal.hooks.manager import fire
from portal.imports import previews
from portal.imports.checking import chosen_group
from portal.imports.previews import Preview
from portal.imports.rows import Checked, Row
from portal.models import Client, Company, Group, User

CHANGED = _l(
    "Something changed since the preview (a row's likely duplicates, or what is already in "
    "Polku), so nothing was saved. Check the rows below again and import."
)
BLOCKED = _l("Nothing was saved: fix the rows in error in the file and upload it again.")
ALREADY = _l("This file was imported already; it was not saved again.")
NOTHING = _l("There is nothing to add: every row would be left out.")
#: As the members page says it.
GROUP_SIZE = _l(
    "Groups usually have 8-15 members. To continue, confirm the members by giving a reason."
)


class Changed(RuleError):
    """The preview's plan is not what the file's check finds now."""


class RowRefused(RuleError):
    """A rule refused one row as it was saved: nothing of the file is saved."""

    def __init__(self, row: Row, error: RuleError) -> None:
        message = _l("Row %(row)s: %(reason)s", row=row.number, reason=error.message)
        super().__init__(message, error.field)
        self.row = row
        self.reason = error.message


@dataclass(frozen=True)
class Imported:
    added: list[Any]
    left_out: int


def save_people(
    rows: list[Row], actor: User, group: Group | None, note: str, reason: str = ""
) -> list[Client]:
    """Add the rows' young people (to ``group`` when given, with ``reason`` for its size when
    there is one, as the members page keeps it), all in one commit; a rule that refuses one
    row leaves none saved. ``portal_client_created`` fires for each after."""
    made: list[Client] = []
    try:
        for row in rows:
            try:
                made.append(add_client(row.details, actor, group, row.project_id))
            except RuleError as error:
                raise RowRefused(row, error) from None
        if group is not None and reason:
            group.exception_reason = reason
        audit.record("client.import", actor=actor, object_type="import", purpose=note)
        db.session.commit()
    except RuleError:
        db.session.rollback()
        raise
    for client in made:
        fire("portal_client_created", client=client, actor=actor)
    return made


def save_companies(rows: list[Row], actor: User, note: str) -> list[Company]:
    made: list[Company] = []
    try:
        for row in rows:
            try:
                made.append(add_company(row.details, actor))
            except RuleError as error:
                raise RowRefused(row, error) from None
        audit.record("company.import", actor=actor, object_type="import", purpose=note)
        db.session.commit()
    except RuleError:
        db.session.rollback()
        raise
    return made


def commit_preview(
    preview: Preview,
    checked: Checked,
    chosen: set[int],
    plan: str,
    actor: User,
    reason: str = "",
) -> Imported:
    """Save the kept file as its preview showed it (``plan``), with the likely duplicates
    ``chosen`` as someone else; then forget the file. Refused, with nothing saved, when the
    check now finds something else, when a row has an error, when the group would have a
    size outside 8-15 and no ``reason`` is given (the members page's rule), and when the
    file was saved already (from another tab: the preview is saved once whatever the form)."""
    if checked.blocked:
        raise RuleError(BLOCKED)
    if plan != checked.plan():
        raise Changed(CHANGED)
    rows = checked.to_save(chosen)
    if not rows:
        raise RuleError(NOTHING)
    group = chosen_group(actor, preview.options) if preview.kind == "people" else None
    if group is not None and size_is_unusual(group.member_count + len(rows)) and not reason:
        raise RuleError(GROUP_SIZE, field="exception_reason")
    if once.claim(_claim(preview.key)) is not None:
        raise RuleError(ALREADY)
    note = f"{preview.name}: {len(rows)} of {len(checked.rows)} rows"
    if preview.kind == "people":
        made: list[Any] = save_people(rows, actor, group, note, reason)
    else:
        made = save_companies(rows, actor, note)
    once.complete(_claim(preview.key), None)
    previews.remove(preview.key)
    return Imported(made, len(checked.rows) - len(made))


def _claim(key: str) -> str:
    """The one-time token of a preview: its commit is saved once, from any form."""
    return hashlib.sha256(f"import:{key}".encode()).hexdigest()
