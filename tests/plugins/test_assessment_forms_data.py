"""The built-in assessment forms, read from the plugin's data files."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from plugins.assessments import builtin, definitions
from plugins.assessments.models import AssessmentDefinition
from portal.app.extensions import db
from tests.plugins.test_assessments import SKILLS

#: The content digests of the built-in forms as they were stored before their texts moved from
#: code to data files: the same digest means no new stored version of a form. The
#: self-assessment's changed once since, when its texts were written in plain Finnish,
#: Ukrainian and Arabic too.
DIGESTS = {
    "working_life_skills": "d7b9d454d62140831ac4043b90aea8bcd631f164194d4b4ac980c39a78a3ddc4",
    "self_assessment": "891958b5fba3e8b862c9c877921a516cd9293714aa663d4dd052c27a36a40c9c",
    "end_of_placement": "6c38211c28858f73d889ad2226593a9fe4e5fe3befcca41e18fa8a7ab8b7901d",
}


def contents() -> dict[str, dict]:
    return {f.key: definitions.normalise(f) for f in builtin.builtin_forms()}


def texts(value):
    """Every localized text in a definition's content."""
    if isinstance(value, dict) and "fi" in value:
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def test_built_in_forms_keep_their_stored_versions(ctx):
    assert [f.key for f in builtin.builtin_forms()] == list(DIGESTS)
    first = {key: definitions.stored(content) for key, content in contents().items()}
    assert {key: row.digest for key, row in first.items()} == DIGESTS
    again = {key: definitions.stored(content).id for key, content in contents().items()}
    assert again == {key: row.id for key, row in first.items()}
    assert db.session.scalar(select(func.count()).select_from(AssessmentDefinition)) == 3


def test_built_in_forms_say_the_same_in_finnish_swedish_and_english():
    forms = contents()
    safety = next(
        f for f in definitions.fields_of(forms["working_life_skills"]) if f["key"] == "safety"
    )
    assert safety["levels"][1] == [
        "2",
        {
            "fi": "Noudattaa turvaohjeita vain muistutettaessa.",
            "sv": "Följer säkerhetsanvisningarna bara när hen blir påmind.",
            "en": "Follows safety rules only when reminded.",
        },
    ]
    own = {f["key"]: f for f in definitions.fields_of(forms["self_assessment"])}
    assert own["customer_service"]["help"]["en"] == (
        "If the work has no customers, think of colleagues and other departments as customers."
    )
    assert own["learning"]["levels"][4][1]["sv"] == "Jag lyckas alltid och kan hjälpa andra"
    assert all(f["levels"] == own["safety"]["levels"] for f in own.values() if f["kind"] == "scale")
    end = {f["key"]: f for f in definitions.fields_of(forms["end_of_placement"])}
    assert dict(end["would_hire"]["levels"])["maybe"]["fi"] == "Ehkä, kun osaaminen vahvistuu"
    assert forms["end_of_placement"]["title"]["sv"] == "Slutbedömning av arbetsplatsperioden"
    for content in forms.values():
        for text in texts(content):
            assert {"fi", "sv", "en"} <= set(text) and all(v.strip() for v in text.values())
    # The young person's own form is written in plain Finnish, Ukrainian and Arabic as well.
    for text in texts(forms["self_assessment"]):
        assert set(text) == {"fi", "sv", "en", "fi@selko", "uk", "ar"}, text


def test_the_skills_asked_are_those_of_the_supervisors_form():
    assert builtin.skills() == list(SKILLS)


TEXT = {"fi": "Kysymys", "sv": "Fråga", "en": "Question"}


def write(folder, form: dict, shared: dict | None = None) -> None:
    (folder / "shared.json").write_text(json.dumps(shared or {"levels": {}, "texts": {}}))
    (folder / "form.json").write_text(json.dumps(form))


def a_form(**fields) -> dict:
    field = {"key": "q", "kind": "scale", "label": TEXT, "levels": {"1": TEXT, "2": TEXT}}
    return {
        "key": "checkin",
        "version": "1",
        "filled_by": "coach",
        "due": [],
        "order": 5,
        "title": TEXT,
        "sections": [{"key": "s", "title": TEXT, "fields": [{**field, **fields}]}],
    }


def test_a_form_file_can_name_shared_texts_and_levels(tmp_path):
    shared = {"levels": {"two": {"1": TEXT, "2": TEXT}}, "texts": {"tip": TEXT}}
    write(tmp_path, a_form(levels="two", help="tip"), shared)
    (form,) = builtin.load(tmp_path)
    field = form.sections[0].fields[0]
    assert field.levels == (("1", TEXT), ("2", TEXT)) and field.help == TEXT
    assert definitions.normalise(form)["sections"][0]["fields"][0]["required"] is True


def refused(folder) -> str:
    """Why ``builtin.load`` refuses the forms in ``folder``."""
    with pytest.raises(builtin.FormDataError) as error:
        builtin.load(folder)
    return str(error.value)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda f: f.update(levels="three"),
            "form.json: sections[0].fields[0].levels: shared.json has no levels named 'three'",
        ),
        (
            lambda f: f.update(label={"fi": "Vain suomeksi"}),
            "fields[0].label: expected a text in fi, sv, en",
        ),
        (lambda f: f.update(label={**TEXT, "en": " "}), "fields[0].label: a text is empty"),
        (
            lambda f: f.update(label={**TEXT, "xx": "?"}),
            "fields[0].label: unknown language xx",
        ),
        (
            lambda f: f.update(levels=[["1", TEXT]]),
            "fields[0].levels: expected levels as {value: text}",
        ),
        (lambda f: f.update(hint=TEXT), "fields[0]: unknown hint"),
        (lambda f: [f.pop("kind"), f.pop("label")], "fields[0]: missing kind, label"),
    ],
)
def test_a_malformed_field_is_refused_saying_where(tmp_path, edit, message):
    form = a_form()
    edit(form["sections"][0]["fields"][0])
    write(tmp_path, form)
    assert message in refused(tmp_path)


def test_a_form_file_that_is_not_json_or_not_a_form_is_refused(tmp_path):
    write(tmp_path, a_form())
    (tmp_path / "form.json").write_text("{not json")
    assert refused(tmp_path).startswith("form.json: not valid JSON")
    write(tmp_path, {**a_form(), "sections": {}})
    assert refused(tmp_path) == "form.json: sections: expected a list"
    form = a_form()
    del form["due"]
    write(tmp_path, form)
    assert refused(tmp_path) == "form.json: missing due"
