"""portal_personal_data: how the plugin's table of safety briefings is exported and removed.

The table ``worksafe_briefings`` (id, placement_id -> placements.id, given_on, topic, notes)
reaches the client through the placement, so the core finds a client's rows by itself.
"""

from portal.api import PersonalTable, hookimpl

from .i18n import _l

#: The words for the stored topics, as the plugin's own pages show them.
TOPICS = {"machines": _l("Machines"), "chemicals": _l("Chemicals")}


@hookimpl
def portal_personal_data():
    return PersonalTable(
        table="worksafe_briefings",
        title=_l("Safety briefings"),
        free_text=("notes",),  # emptied when the client is anonymised
        codes=("topic",),  # kept: the reports count briefings per topic
        order=120,
        # the readable copy's words; the JSON file keeps the column names and codes
        labels={"given_on": _l("Given on"), "topic": _l("Topic"), "notes": _l("Notes")},
        values={"topic": TOPICS},
    )
