"""portal_assessment_forms: a work-safety check the supervisor fills in midway."""

from portal.api import FormDefinition, FormField, FormSection, hookimpl

#: A scale's levels: (value, label) pairs, lowest first; the values are whole numbers.
LEVELS = (
    ("1", {"fi": "Ei vielä", "sv": "Inte ännu", "en": "Not yet"}),
    ("2", {"fi": "Ohjattuna", "sv": "Med handledning", "en": "With guidance"}),
    ("3", {"fi": "Itsenäisesti", "sv": "Självständigt", "en": "Independently"}),
)

SAFETY_CHECK = FormDefinition(
    key="worksafe_check",
    version="1",
    title={"fi": "Työturvallisuus", "sv": "Arbetssäkerhet", "en": "Work safety check"},
    filled_by="supervisor",
    due=("midway",),
    help={"fi": "Noin minuutti.", "en": "About a minute."},
    sections=(
        FormSection(
            key="equipment",
            title={"fi": "Suojaimet", "sv": "Skyddsutrustning", "en": "Protective equipment"},
            fields=(
                FormField(
                    key="ppe",
                    kind="scale",
                    label={"fi": "Käyttää suojaimia", "en": "Uses protective equipment"},
                    levels=LEVELS,
                    skill="safety",  # compared with other forms' "safety" over time
                ),
                FormField(
                    key="shoes",
                    kind="choice",
                    label={"fi": "Turvakengät", "en": "Safety shoes"},
                    levels=(
                        ("own", {"fi": "Omat", "en": "Own"}),
                        ("lent", {"fi": "Lainatut", "en": "Lent"}),
                    ),
                ),
            ),
        ),
        FormSection(
            key="incidents",
            title={"fi": "Vaaratilanteet", "en": "Near misses"},
            fields=(
                FormField(
                    key="reported",
                    kind="yesno",
                    label={"fi": "Onko vaaratilanteita ollut?", "en": "Any near misses?"},
                ),
                FormField(
                    key="what",
                    kind="text",
                    label={"fi": "Mitä tapahtui?", "en": "What happened?"},
                    help={"fi": "Jätä tyhjäksi, jos ei mitään.", "en": "Leave empty if none."},
                    required=False,
                ),
            ),
        ),
    ),
)


@hookimpl
def portal_assessment_forms():
    return SAFETY_CHECK
