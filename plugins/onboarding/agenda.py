"""Points for a tripartite review's agenda: onboarding steps done since the last review and
steps overdue now."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date

from plugins.onboarding import services
from plugins.onboarding.i18n import _l
from portal.api import AgendaItem, Placement


def review_agenda(placement: Placement, since: date) -> list[AgendaItem]:
    """Two points at most for the placement's onboarding progress (three statements)."""
    items = []
    for view in services.client_progress(placement.client_id):
        if view.placement.id != placement.id:
            continue
        done = [s.step["title"] for s in view.steps if s.mark and s.mark.done_on >= since]
        overdue = [s.step["title"] for s in view.steps if s.overdue]
        if done:
            items.append(
                AgendaItem(
                    f"onboarding:done:{view.progress.id}",
                    _l(
                        "Onboarding steps done since %(day)s: %(n)d",
                        day=format_date(since, "short"),
                        n=len(done),
                    ),
                    ", ".join(done),
                    order=40,
                )
            )
        if overdue:
            items.append(
                AgendaItem(
                    f"onboarding:overdue:{view.progress.id}",
                    _l("Onboarding steps overdue: %(n)d", n=len(overdue)),
                    ", ".join(overdue),
                    order=30,
                )
            )
    return items
