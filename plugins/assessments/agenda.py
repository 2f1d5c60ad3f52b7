"""Points for a tripartite review's agenda: assessments submitted since the last review and
assessments of the placement still waiting to be filled."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from flask_babel import format_date, get_locale
from sqlalchemy import select

from plugins.assessments import services
from plugins.assessments.forms import FILLER_LABELS
from plugins.assessments.i18n import _l
from plugins.assessments.models import OPEN, Assessment
from portal.api import AgendaItem, Placement, db, localized


def _title(item: Assessment) -> str:
    return localized(item.definition.content["title"], str(get_locale()))


def review_agenda(placement: Placement, since: date) -> list[AgendaItem]:
    """The young person's own self-assessments are for the coaches only."""
    start = datetime.combine(since, time.min, tzinfo=UTC)
    submitted = db.session.scalars(
        services.submitted_for([placement.client_id]).where(Assessment.submitted_at >= start)
    ).unique()
    waiting = db.session.scalars(
        services.with_people(select(Assessment)).where(
            Assessment.placement_id == placement.id, Assessment.status.in_(OPEN)
        )
    ).unique()
    return [
        *(
            AgendaItem(
                f"assessment:{item.id}",
                _l(
                    "Assessment submitted: %(form)s (%(who)s, %(day)s)",
                    form=_title(item),
                    who=FILLER_LABELS.get(item.filled_by, item.filled_by),
                    day=format_date(item.submitted_at, "short"),
                ),
                _l("low result: talk it through") if services.is_low(item) else "",
                staff_only=item.filled_by == "client",
                order=50,
            )
            for item in submitted
        ),
        *(
            AgendaItem(
                f"assessment:open:{item.id}",
                _l(
                    "Assessment waiting: %(form)s (%(who)s, due %(day)s)",
                    form=_title(item),
                    who=FILLER_LABELS.get(item.filled_by, item.filled_by),
                    day=format_date(item.due_on, "short"),
                ),
                staff_only=item.filled_by == "client",
                order=60,
            )
            for item in waiting
        ),
    ]
