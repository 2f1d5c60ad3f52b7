"""The recognition plugin's part of the printable copy of a young person's data: every field
by its label and the codes in the words of the plugin's own pages (GDPR Art. 12, 15)."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, User
from tests.support.browser import Browser

#: A <dt> or <dd> of the page and its text.
CELL = re.compile(r"<(dt|dd)[^>]*>(.*?)</\1>", re.S)
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def recognition_cells(page: str, tag: str) -> list[str]:
    """The texts of the <dt>s or <dd>s in the sections of the plugin's tables."""
    texts = []
    for section in page.split("<section ")[1:]:
        if re.match(r'aria-labelledby="section-recognition_', section):
            found = CELL.findall(section.split("</section>")[0])
            texts += [re.sub(r"\s+", " ", text).strip() for t, text in found if t == tag]
    return texts


def test_the_demo_young_persons_copy_names_recognition_fields_in_finnish(make_app):
    from plugins.recognition.demo import load as load_recognition
    from plugins.recognition.models import RecognitionPlan
    from portal.demo.data import DEMO_PASSWORD, load_demo_data

    app = make_app()
    with app.test_request_context():
        load_demo_data()
        load_recognition(clock.today())
        client_id = db.session.scalar(select(RecognitionPlan.client_id))
        email = db.session.scalar(
            select(User.email).join(Client, Client.user_id == User.id).where(Client.id == client_id)
        )
    young = Browser(app.test_client())
    assert young.login(email, DEMO_PASSWORD).status_code == 302
    page = young.get("/my/copy").get_data(as_text=True)
    labels, values = recognition_cells(page, "dt"), recognition_cells(page, "dd")
    assert {
        "Oppijan OID (oppija-oid)",  # recognition_plans.learner_oid
        "Päätöksen päivä",  # recognition_plan_units.decided_on
        "Koulutuksen järjestäjän kommentti",  # recognition_plan_units.confirmation_comment
        "Uusi tila",  # recognition_events.to_status
        "Arviointikeskusteluun osallistuneet",  # recognition_demonstrations.discussion
    } <= set(labels)
    assert [label for label in labels if SNAKE.search(label)] == []
    # the codes in the words of the plugin's pages: a status, a confirmation, a grade, and
    # each code of a list ("5" is the young person among those who took part)
    assert {"Osittain tunnustettu", "Koulutuksen järjestäjä on vahvistanut", "Hyvä H2"} <= set(
        values
    )
    assert "Opettaja, Työnantaja tai työelämän edustaja, Nuori itse" in values
    assert not {"partially_recognised", "confirmed", "3", "1, 3, 5"} & set(values)
    points = [value for value in values if re.fullmatch(r"\d+(,\d+)?", value)]
    assert points and not [value for value in values if re.fullmatch(r"\d+\.\d+", value)]
    demonstrations = [
        row
        for section in young.get("/my/copy.json").get_json()["tables"]
        if section["table"] == "recognition_demonstrations"
        for row in section["rows"]
    ]
    assert ["1", "3", "5"] in [row["discussion"] for row in demonstrations]  # the file keeps codes
