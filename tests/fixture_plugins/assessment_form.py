"""Contributes one good assessment form, two malformed ones, and something that is no form."""

from portal.api import FormDefinition, FormField, FormSection, hookimpl

#: Changed by a test to make a new version of the form.
HELP = {"fi": "Kerro lyhyesti."}


@hookimpl
def portal_assessment_forms():
    good = FormDefinition(
        key="fixture_checkin",
        version="1",
        title={"fi": "Viikkokuulumiset", "sv": "Veckans läge", "en": "Weekly check-in"},
        sections=(
            FormSection(
                "main",
                {"fi": "Kuulumiset"},
                (
                    FormField(
                        "mood",
                        "scale",
                        {"fi": "Työn sujuminen"},
                        levels=(
                            ("1", {"fi": "Huonosti"}),
                            ("2", {"fi": "Kohtalaisesti"}),
                            ("3", {"fi": "Hyvin"}),
                        ),
                        skill="mood",
                    ),
                    FormField(
                        "shift",
                        "choice",
                        {"fi": "Vuoro"},
                        levels=(("am", {"fi": "Aamu"}), ("pm", {"fi": "Ilta"})),
                    ),
                    FormField("lunch", "yesno", {"fi": "Söikö lounaan?"}, required=False),
                    FormField("notes", "text", {"fi": "Huomiot"}, HELP),
                ),
            ),
        ),
        filled_by="supervisor",
        due=("placement_start",),
    )
    no_finnish = FormDefinition(
        key="no_finnish",
        version="1",
        title={"en": "English only"},
        sections=(FormSection("s", {"fi": "x"}, (FormField("a", "text", {"fi": "x"}),)),),
        filled_by="supervisor",
    )
    bad_filler = FormDefinition(
        key="bad_filler",
        version="1",
        title={"fi": "Väärä täyttäjä"},
        sections=(FormSection("s", {"fi": "x"}, (FormField("a", "text", {"fi": "x"}),)),),
        filled_by="nobody",
    )
    return [good, no_finnish, bad_filler, "not a form"]
