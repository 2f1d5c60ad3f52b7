"""The plugin's tables of client data, declared for the export, retention and erasure."""

from __future__ import annotations

from plugins.onboarding.i18n import _l
from portal.api import PersonalTable


def personal_tables() -> list[PersonalTable]:
    return [
        PersonalTable(
            table="onboarding_progress",
            title=_l("Onboarding at the workplace"),
            order=40,
            labels={"attached_at": _l("Started")},
        ),
        PersonalTable(
            table="onboarding_step_marks",
            title=_l("Onboarding steps done"),
            free_text=("comment",),
            codes=("step_key",),
            order=41,
            labels={
                "step_key": _l("Step"),
                "done_on": _l("Done on"),
                "comment": _l("Comment"),
                "marked_at": _l("Marked"),
            },
        ),
        # Linked to people only through ``attachments``; its photos are of workplaces and
        # belong to no client, so a client's copy finds no rows here.
        PersonalTable(
            table="onboarding_step_photos",
            title=_l("Workplace photos of onboarding steps"),
            codes=("step_key",),
            order=42,
            labels={"step_key": _l("Step")},
        ),
    ]
