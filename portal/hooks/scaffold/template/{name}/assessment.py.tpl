"""The plugin's assessment form. Texts are in Finnish (required), Swedish and English."""

from __future__ import annotations

from portal.api import FormDefinition, FormField, FormSection

#: A scale's levels are (value, label) pairs, lowest first; the values are numbers.
LEVELS = (
    ("1", {"fi": "Heikosti", "sv": "Svagt", "en": "Poorly"}),
    ("2", {"fi": "Kohtalaisesti", "sv": "Måttligt", "en": "Fairly"}),
    ("3", {"fi": "Hyvin", "sv": "Bra", "en": "Well"}),
)


def checkin_form() -> FormDefinition:
    """A short check-in that a coach can ask the workplace supervisor to fill in."""
    return FormDefinition(
        key="${name}_checkin",
        version="1",
        title={
            "fi": "$title: kuulumiset",
            "sv": "$title: läget",
            "en": "$title: check-in",
        },
        sections=(
            FormSection(
                key="week",
                title={
                    "fi": "Viikko työpaikalla",
                    "sv": "Veckan på arbetsplatsen",
                    "en": "The week at work",
                },
                fields=(
                    FormField(
                        key="going",
                        kind="scale",
                        label={
                            "fi": "Miten työ sujuu?",
                            "sv": "Hur går arbetet?",
                            "en": "How is the work going?",
                        },
                        levels=LEVELS,
                        skill="${name}_going",
                    ),
                    FormField(
                        key="notes",
                        kind="text",
                        label={"fi": "Huomioita", "sv": "Anteckningar", "en": "Notes"},
                        required=False,
                    ),
                ),
            ),
        ),
        filled_by="supervisor",
        due=(),  # only when a coach asks for it
    )
