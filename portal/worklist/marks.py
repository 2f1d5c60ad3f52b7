"""Done and snooze: a user's own marks on worklist items, each with a reason, audited."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.models import MarkState, User, WorklistMark

#: A snooze longer than this is not a snooze; the item should be done or handled.
MAX_SNOOZE_DAYS = 183


def check_until(until: date | None, today: date) -> None:
    """A snooze ends on a day after today and within half a year."""
    if until is None:
        raise RuleError(_l("Choose the day the item comes back."), field="until")
    if until <= today:
        raise RuleError(_l("The day the item comes back must be after today."), field="until")
    if until > today + timedelta(days=MAX_SNOOZE_DAYS):
        raise RuleError(_l("An item can be snoozed for at most half a year."), field="until")


def mark(
    user: User,
    client_id: int,
    kind: str,
    item_id: int,
    state: MarkState,
    reason: str,
    until: date | None = None,
) -> WorklistMark:
    """Mark the item done or snoozed for ``user``; a new mark replaces the user's earlier one."""
    if state == MarkState.SNOOZED:
        check_until(until, clock.today())
    row = db.session.scalar(
        select(WorklistMark).where(
            WorklistMark.user_id == user.id,
            WorklistMark.kind == kind,
            WorklistMark.item_id == item_id,
        )
    )
    if row is None:
        row = WorklistMark(user_id=user.id, client_id=client_id, kind=kind, item_id=item_id)
        db.session.add(row)
    row.state = state
    row.until = until if state == MarkState.SNOOZED else None
    row.reason = reason
    row.marked_at = clock.utcnow()
    db.session.flush()
    audit.record(
        f"worklist.{state}",
        actor=user,
        client_id=client_id,
        object_type="worklist_mark",
        object_id=row.id,
    )
    db.session.commit()
    return row
