"""portal_review_agenda: ask about the safety briefing at the first review of a placement."""

from portal.api import AgendaItem, hookimpl

from .i18n import _l


@hookimpl
def portal_review_agenda(placement, since):
    # ``since`` is the day of the last held review, or the placement's start at the first one.
    if since != placement.start_date:
        return None
    return AgendaItem(
        key=f"worksafe:briefing:{placement.id}",
        title=_l("Safety briefing: has the trainee been shown the protective equipment?"),
        detail=placement.tasks,
        order=20,
    )
