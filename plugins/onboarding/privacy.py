"""The plugin's tables of client data, declared for the export, retention and erasure."""

from __future__ import annotations

from plugins.onboarding.i18n import _l
from portal.api import PersonalTable


def personal_tables() -> list[PersonalTable]:
    return [
        PersonalTable(
            table="onboarding_progress", title=_l("Onboarding at the workplace"), order=40
        ),
        PersonalTable(
            table="onboarding_step_marks",
            title=_l("Onboarding steps done"),
            free_text=("comment",),
            codes=("step_key",),
            order=41,
        ),
    ]
