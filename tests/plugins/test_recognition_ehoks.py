"""The eHOKS school record, the education provider's teacher in the loop, and corrections."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from plugins.recognition import ehoks
from plugins.recognition.models import (
    RecognitionDemonstration,
    RecognitionEvent,
    RecognitionEvidence,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionTarget,
)
from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Client,
    OutboxMessage,
    Placement,
    PlacementInterruption,
    TeacherAccess,
    User,
)
from tests.conftest import form_fields
from tests.plugins.test_recognition import catalog  # noqa: F401 (a fixture)
from tests.support.browser import PASSWORD, Browser

TODAY = clock.today()
SCHEMA = json.loads(
    (
        Path(__file__).parents[2] / "plugins/recognition/data/ehoks-hoks-subset.schema.json"
    ).read_text(encoding="utf-8")
)
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
GUIDANCE, BUSINESS = "tutkinnonosat_101040", "tutkinnonosat_101050"


def assert_valid(document: dict) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]
    assert errors == []


def test_the_schema_is_closed_and_refuses_what_ehoks_refuses():
    Draft202012Validator.check_schema(SCHEMA)
    assert_valid({"osaamisen-hankkimisen-tarve": True})
    for bad in (
        {},  # osaamisen-hankkimisen-tarve is required
        {"osaamisen-hankkimisen-tarve": True, "oppija": {}},  # no extra keys
        {"osaamisen-hankkimisen-tarve": True, "oppija-oid": "1.2.3"},
        {"osaamisen-hankkimisen-tarve": True, "opiskeluoikeus-oid": "1.2.246.562.24.1"},
        {
            "osaamisen-hankkimisen-tarve": True,
            "hankittavat-ammat-tutkinnon-osat": [{"tutkinnon-osa-koodi-uri": "tutkinnonosat_1"}],
        },
    ):
        assert list(VALIDATOR.iter_errors(bad)), bad


@pytest.mark.parametrize(
    ("value", "valid"),
    [("2914650-5", True), ("3071849-4", True), ("2914650-4", False), ("1234567", False)],
)
def test_business_ids_are_checked_like_ehoks_does(value, valid):
    assert ehoks.valid_business_id(value) is valid


def invite_and_sign_in(app, coach: Browser, client_id: int, email: str) -> Browser:
    """The coach invites a new teacher; the teacher sets a password from the mail and signs in."""
    base = f"/p/recognition/clients/{client_id}"
    answer = coach.post(
        f"{base}/teachers", {"email": email, "name": "Outi Opettaja"}, form_url=base
    )
    assert answer.status_code == 302
    with app.app_context():
        mail = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == email)
        ).all()
    link = next(re.search(r"/invitation/[\w-]+", m.body) for m in mail if "/invitation/" in m.body)
    assert any(base in m.body for m in mail)  # the second mail names the young person's page
    teacher = Browser(app.test_client())
    accepted = teacher.post(link.group(0), {"password": PASSWORD, "confirm": PASSWORD})
    assert accepted.status_code == 302
    assert teacher.login(email).status_code == 302
    return teacher


def plan_story(app, world, coach: Browser, qual_id: int, units: dict) -> tuple[str, str]:
    """Qualification, two units, the placement as evidence for both: the plan's URL and the
    guidance unit's URL."""
    base = f"/p/recognition/clients/{world.client.id}"
    assert coach.post(base, {"qualification": qual_id}).status_code == 302
    chosen = [units[GUIDANCE], units[BUSINESS]]
    assert coach.post(f"{base}/units", {"units": chosen}, form_url=base).status_code == 302
    for code in (GUIDANCE, BUSINESS):
        unit_url = f"{base}/units/{units[code]}"
        evidence = {"source": f"placement:{world.placement.id}", "note": "Työpaikalla"}
        assert coach.post(f"{unit_url}/evidence", evidence, form_url=unit_url).status_code == 302
    return base, f"{base}/units/{units[GUIDANCE]}"


def test_the_teacher_is_invited_sees_one_client_grades_and_confirms(
    app,
    world,
    as_role,
    catalog,  # noqa: F811
):
    qual_id, units = catalog
    coach, employer = as_role("coach"), as_role("employer")
    base, unit_url = plan_story(app, world, coach, qual_id, units)
    teacher = invite_and_sign_in(app, coach, world.client.id, "opettaja@koulu.fi")
    # Only that client, only the recognition pages.
    assert teacher.get(base).status_code == 200
    assert teacher.get(unit_url).status_code == 200
    assert f"/p/recognition/clients/{world.client.id}" in teacher.get("/").get_data(as_text=True)
    assert teacher.get(f"/p/recognition/clients/{world.other_client.id}").status_code == 404
    assert teacher.get(f"/p/recognition/clients/{world.other_client.id}/record").status_code == 404
    for core_page in (f"/clients/{world.client.id}", "/clients/", "/groups/", "/trainees/"):
        assert teacher.get(core_page).status_code == 403, core_page
    assert teacher.post(base, {"qualification": qual_id}).status_code == 403
    # The coach plans a demonstration with the teacher as the education provider's assessor.
    with app.app_context():
        teacher_id = db.session.scalar(select(User.id).where(User.email == "opettaja@koulu.fi"))
    demo = {
        "company": world.company.id,
        "employer_assessor": world.employer.id,
        "teacher": teacher_id,
        "teacher_name": "",
        "start_date": (TODAY - timedelta(days=2)).isoformat(),
        "end_date": TODAY.isoformat(),
        "tasks": "Uuden työntekijän perehdytys",
        "individual_criteria": "Perehdytys kuvin tuettuna",
    }
    assert coach.post(f"{unit_url}/demonstrations", demo, form_url=unit_url).status_code == 302
    with app.app_context():
        row = db.session.scalar(select(RecognitionDemonstration))
        demo_url = f"/p/recognition/demonstrations/{row.id}"
        assert (row.teacher_id, row.teacher_name) == (teacher_id, "Outi Opettaja")
        targets = db.session.scalars(
            select(RecognitionTarget).where(RecognitionTarget.unit_id == units[GUIDANCE])
        ).all()
        told = db.session.scalar(
            select(func.count()).where(
                OutboxMessage.recipient == "opettaja@koulu.fi",
                OutboxMessage.body.contains(demo_url),
            )
        )
        assert told == 1
    answer = {
        **{f"target_{t.id}": "3" for t in targets},
        "overall": "3",
        "assessed_on": TODAY.isoformat(),
        "decided_by": ["1", "3"],
        "discussion": ["1", "3", "5"],
        "comment": "",
    }
    assert employer.post(demo_url, answer).status_code == 302
    assert teacher.post(demo_url, {**answer, "overall": "4"}).status_code == 302
    cancel = coach.post(
        f"{unit_url}/demonstrations/{row.id}/cancel",
        {"reason": "x", "confirmed": "yes"},
        form_url=unit_url,
    )
    assert cancel.status_code == 400  # an assessed demonstration stays
    with app.app_context():
        assert db.session.get(RecognitionDemonstration, row.id).grade == "4"
        graders = db.session.scalars(
            select(RecognitionEvent.actor_id).where(RecognitionEvent.action == "assessment")
        ).all()
        assert set(graders) == {world.employer.id, teacher_id}
    # The coach proposes; the teacher returns it with a comment; the coach proposes again.
    decision = {"outcome": "recognised", "decided_on": TODAY.isoformat(), "reason": "Näyttö"}
    assert coach.post(f"{unit_url}/decide", decision, form_url=unit_url).status_code == 302
    assert (
        "aiemmin-hankitut-ammat-tutkinnon-osat"
        not in coach.get(f"{base}/record.json").get_json()["hoks"]
    )
    assert coach.post(f"{unit_url}/confirm", {"confirm": "1"}, form_url=unit_url).status_code == 403
    no_comment = teacher.post(
        f"{unit_url}/confirm", {"send_back": "1", "comment": " "}, form_url=unit_url
    )
    assert no_comment.status_code == 400
    returned = teacher.post(
        f"{unit_url}/confirm", {"send_back": "1", "comment": "Perustele"}, form_url=unit_url
    )
    assert returned.status_code == 302
    with app.app_context():
        pu = db.session.scalar(
            select(RecognitionPlanUnit).where(RecognitionPlanUnit.unit_id == units[GUIDANCE])
        )
        assert (pu.status, pu.confirmation, pu.confirmation_comment) == (
            "demonstration_planned",
            "returned",
            "Perustele",
        )
    again = {**decision, "reason": "Näyttö hyväksytty, kriteerit täyttyivät"}
    assert coach.post(f"{unit_url}/decide", again, form_url=unit_url).status_code == 302
    confirmed = teacher.post(
        f"{unit_url}/confirm", {"confirm": "1", "comment": "Hyväksyn"}, form_url=unit_url
    )
    assert confirmed.status_code == 302
    assert teacher.post(f"{unit_url}/confirm", {"confirm": "1"}).status_code == 400  # done
    with app.app_context():
        pu = db.session.get(RecognitionPlanUnit, pu.id)
        assert (pu.confirmation, pu.confirmed_by_id) == ("confirmed", teacher_id)
        actions = db.session.scalars(
            select(RecognitionEvent.action)
            .where(RecognitionEvent.plan_unit_id == pu.id)
            .order_by(RecognitionEvent.id)
        ).all()
        assert actions[-4:] == ["decision", "decision_returned", "decision", "decision_confirmed"]
    # The teacher enters the school's identifiers; the record is then eHOKS-complete.
    school = f"{base}/school"
    bad = teacher.post(school, {"learner_oid": "<script>1.2.246", "study_right_oid": ""})
    assert bad.status_code == 400 and "1.2.246.562.24.12345678901" in bad.get_data(as_text=True)
    assert coach.get(school).status_code == 403
    details = {
        "learner_oid": "1.2.246.562.24.10000000008",
        "study_right_oid": "1.2.246.562.15.10000000009",
        "school_oid": "1.2.246.562.10.10000000005",
        "hoks_approved_on": TODAY.isoformat(),
    }
    future = {**details, "hoks_approved_on": (TODAY + timedelta(days=1)).isoformat()}
    assert teacher.post(school, future).status_code == 400
    assert teacher.post(school, details).status_code == 302
    document = teacher.get(f"{base}/record.json").get_json()
    assert_valid(document["hoks"])
    hoks = document["hoks"]
    assert hoks["oppija-oid"] == "1.2.246.562.24.10000000008"
    assert document["polku"]["puuttuvat-tiedot"] == []
    earlier = hoks["aiemmin-hankitut-ammat-tutkinnon-osat"][0]
    assert earlier["valittu-todentamisen-prosessi-koodi-uri"] == ehoks.DEMONSTRATION
    shown = earlier["tarkentavat-tiedot-naytto"][0]
    assert shown["koulutuksen-jarjestaja-osaamisen-arvioijat"] == [
        {"nimi": "Outi Opettaja", "organisaatio": {"oppilaitos-oid": details["school_oid"]}}
    ]
    assert shown["tyoelama-osaamisen-arvioijat"][0]["organisaatio"]["y-tunnus"] == "2914650-5"
    assert shown["yksilolliset-kriteerit"] == ["Perehdytys kuvin tuettuna"]
    # The coach ends the access: the teacher sees nothing any more.
    end_url = f"{base}/teachers/{teacher_id}/end"
    assert as_role("other_coach").post(end_url).status_code == 404
    assert teacher.post(end_url).status_code == 403
    asked = coach.post(end_url, form_url=base)
    assert asked.status_code == 200 and 'value="yes"' in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(TeacherAccess.ended_at)) is None
    assert coach.post(end_url, {"confirmed": "yes"}, form_url=base).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(TeacherAccess.ended_at)) is not None
    assert teacher.get(base).status_code == 404
    assert teacher.get(demo_url).status_code == 404


def test_an_email_of_another_role_is_not_made_a_teacher(app, world, as_role, catalog):  # noqa: F811
    qual_id, _units = catalog
    coach = as_role("coach")
    base = f"/p/recognition/clients/{world.client.id}"
    coach.post(base, {"qualification": qual_id})
    taken = coach.post(
        f"{base}/teachers", {"email": world.employer.email, "name": "X"}, form_url=base
    )
    assert taken.status_code == 400
    nameless = coach.post(f"{base}/teachers", {"email": "uusi@koulu.fi", "name": ""}, form_url=base)
    assert nameless.status_code == 400
    other = as_role("other_coach")
    assert other.post(f"{base}/teachers", {"email": "a@b.fi", "name": "A"}).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TeacherAccess)) == 0
        assert db.session.get(User, world.employer.id).role == "employer"


def test_a_record_with_placements_validates_and_carries_the_workplace(
    app,
    world,
    as_role,
    catalog,  # noqa: F811
):
    qual_id, units = catalog
    coach = as_role("coach")
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        placement.part_time_percent = 60
        placement.tasks = 'Keräily\n=HYPERLINK("x")\n<script>alert(1)</script>'
        db.session.add(
            PlacementInterruption(
                placement_id=placement.id,
                start_date=TODAY - timedelta(days=5),
                end_date=TODAY - timedelta(days=3),
                reason="Sairaus",
            )
        )
        db.session.commit()
    base, _unit_url = plan_story(app, world, coach, qual_id, units)
    document = coach.get(f"{base}/record.json").get_json()
    assert_valid(document["hoks"])
    assert document["hoks"]["osaamisen-hankkimisen-tarve"] is True
    assert set(document["polku"]["puuttuvat-tiedot"]) == {
        "oppija-oid",
        "opiskeluoikeus-oid",
        "ensikertainen-hyvaksyminen",
        "oppilaitos-oid",
    }
    way = document["hoks"]["hankittavat-ammat-tutkinnon-osat"][0]["osaamisen-hankkimistavat"][0]
    assert way["osa-aikaisuustieto"] == 60
    assert way["keskeytymisajanjaksot"] == [
        {
            "alku": (TODAY - timedelta(days=5)).isoformat(),
            "loppu": (TODAY - timedelta(days=3)).isoformat(),
        }
    ]
    work = way["tyopaikalla-jarjestettava-koulutus"]
    assert work["vastuullinen-tyopaikka-ohjaaja"]["nimi"] == world.employer.name
    assert work["tyopaikan-y-tunnus"] == "2914650-5"
    assert work["keskeiset-tyotehtavat"][0] == "Keräily"
    page = coach.get(f"{base}/record").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert_page_shows(page, document["hoks"])


def leaves(value) -> list[str]:
    """Every text and number in a JSON value."""
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in leaves(v)]
    if isinstance(value, bool) or value is None:
        return []
    return [f"{value:g}" if isinstance(value, float) else str(value)]


def assert_page_shows(page: str, document: dict) -> None:
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    missing = [leaf for leaf in leaves(document) if leaf not in text]
    assert not missing, missing


def test_the_seed_story_validates_and_the_printable_record_matches_it(make_app):
    from plugins.recognition.demo import load as load_recognition
    from portal.demo.data import DEMO_PASSWORD, load_demo_data

    app = make_app()
    with app.test_request_context():
        load_demo_data()
        load_recognition(TODAY)
        plans = db.session.scalars(select(RecognitionPlan)).all()
        assert plans
        client_id = plans[0].client_id
    teacher = Browser(app.test_client())
    assert teacher.login("teacher@polku.test", DEMO_PASSWORD).status_code == 302
    document = teacher.get(f"/p/recognition/clients/{client_id}/record.json").get_json()
    hoks = document["hoks"]
    assert_valid(hoks)
    assert document["polku"]["puuttuvat-tiedot"] == []
    recognised = hoks["aiemmin-hankitut-ammat-tutkinnon-osat"]
    assert [u["tutkinnon-osa-koodi-uri"] for u in recognised] == [BUSINESS]
    demo = recognised[0]["tarkentavat-tiedot-naytto"][0]
    assert demo["koulutuksen-jarjestaja-osaamisen-arvioijat"][0]["nimi"] == "Outi Opettaja"
    assert demo["tyoelama-osaamisen-arvioijat"][0]["organisaatio"]["nimi"]
    ways = [
        w
        for u in hoks["hankittavat-ammat-tutkinnon-osat"]
        for w in u.get("osaamisen-hankkimistavat", [])
    ]
    assert ways and all("tyopaikalla-jarjestettava-koulutus" in w for w in ways)
    details = {u["tutkinnon-osa-koodi-uri"]: u for u in document["polku"]["tutkinnon-osat"]}
    assert details[BUSINESS]["paatos"]["vahvistus"] == "confirmed"
    grade = details[BUSINESS]["naytot"][0]["arviointi"]["arvosana"]
    assert grade["koodistoUri"].startswith("arviointiasteikkoammatillinen")
    page = teacher.get(f"/p/recognition/clients/{client_id}/record")
    assert page.status_code == 200
    assert_page_shows(page.get_data(as_text=True), hoks)


def test_corrections_keep_the_history_and_leave_the_record(app, world, as_role, catalog):  # noqa: F811
    qual_id, units = catalog
    coach, employer = as_role("coach"), as_role("employer")
    base, unit_url = plan_story(app, world, coach, qual_id, units)
    demo = {
        "company": world.company.id,
        "employer_assessor": world.employer.id,
        "teacher": "",
        "teacher_name": "Kaisa Valmentaja",
        "start_date": (TODAY + timedelta(days=1)).isoformat(),
        "end_date": (TODAY + timedelta(days=3)).isoformat(),
        "tasks": "Perehdytys",
    }
    not_invited = coach.post(
        f"{unit_url}/demonstrations", {**demo, "teacher": world.coach.id}, form_url=unit_url
    )
    assert not_invited.status_code == 400
    assert coach.post(f"{unit_url}/demonstrations", demo, form_url=unit_url).status_code == 302
    with app.app_context():
        demo_id = db.session.scalar(select(RecognitionDemonstration.id))
        evidence_id = db.session.scalar(
            select(RecognitionEvidence.id)
            .join(RecognitionPlanUnit)
            .where(RecognitionPlanUnit.unit_id == units[GUIDANCE])
        )
    cancel_url = f"{unit_url}/demonstrations/{demo_id}/cancel"
    assert coach.post(cancel_url, {"reason": " "}, form_url=unit_url).status_code == 400
    assert as_role("other_coach").post(cancel_url, {"reason": "x"}).status_code == 404
    form = form_fields(coach, unit_url, action=cancel_url)
    asked = coach.post(cancel_url, {**form, "reason": "Väärä yksikkö"})
    assert asked.status_code == 200 and "Väärä yksikkö" in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(RecognitionDemonstration, demo_id).cancelled_on is None
    confirmed = {**form, "reason": "Väärä yksikkö", "confirmed": "yes"}
    assert coach.post(cancel_url, confirmed).status_code == 302
    replay = coach.post(cancel_url, confirmed)
    assert replay.status_code == 302  # sent twice: saved once (one event below)
    with app.app_context():
        row = db.session.get(RecognitionDemonstration, demo_id)
        assert (row.cancelled_on, row.cancel_reason) == (TODAY, "Väärä yksikkö")
        pu = db.session.scalar(
            select(RecognitionPlanUnit).where(RecognitionPlanUnit.unit_id == units[GUIDANCE])
        )
        assert pu.status == "evidence_gathered"
        cancelled = db.session.scalar(
            select(func.count()).where(RecognitionEvent.action == "demonstration_cancelled")
        )
        assert cancelled == 1
        mails = db.session.scalar(
            select(func.count()).where(OutboxMessage.recipient == world.employer.email)
        )
        assert mails == 2  # planned, then cancelled
    assert employer.get(f"/p/recognition/demonstrations/{demo_id}").status_code == 404
    assert f"/demonstrations/{demo_id}" not in employer.get("/").get_data(as_text=True)
    hoks = coach.get(f"{base}/record.json").get_json()["hoks"]
    assert all("osaamisen-osoittaminen" not in u for u in hoks["hankittavat-ammat-tutkinnon-osat"])
    assert "Väärä yksikkö" in coach.get(unit_url).get_data(as_text=True)
    # Unlinking evidence: gone from the record, kept in the history.
    unlink_url = f"{unit_url}/evidence/{evidence_id}/unlink"
    assert as_role("other_coach").post(unlink_url).status_code == 404
    form = form_fields(coach, unit_url, action=unlink_url)
    assert coach.post(unlink_url, form).status_code == 200  # asks first, changes nothing
    with app.app_context():
        assert db.session.get(RecognitionEvidence, evidence_id) is not None
    assert coach.post(unlink_url, {**form, "confirmed": "yes"}).status_code == 302
    assert coach.post(unlink_url, {**form, "confirmed": "yes"}).status_code == 302  # once
    with app.app_context():
        assert db.session.get(RecognitionEvidence, evidence_id) is None
        assert db.session.get(RecognitionPlanUnit, pu.id).status == "identified"
    hoks = coach.get(f"{base}/record.json").get_json()["hoks"]
    guidance = next(
        u
        for u in hoks["hankittavat-ammat-tutkinnon-osat"]
        if u["tutkinnon-osa-koodi-uri"] == GUIDANCE
    )
    assert "osaamisen-hankkimistavat" not in guidance
    # Reopening a decision: a reason is needed; the unit can be decided again.
    business_url = f"{base}/units/{units[BUSINESS]}"
    decision = {"outcome": "not_recognised", "decided_on": TODAY.isoformat(), "reason": "Ei"}
    assert coach.post(f"{business_url}/decide", decision, form_url=business_url).status_code == 302
    with app.app_context():
        version = db.session.scalar(
            select(RecognitionPlanUnit.version).where(
                RecognitionPlanUnit.unit_id == units[BUSINESS]
            )
        )
    again = coach.post(
        f"{business_url}/decide", {**decision, "version": version}, form_url=business_url
    )
    assert again.status_code == 400 and "avaa" in again.get_data(as_text=True).lower()
    reopen_url = f"{business_url}/reopen"
    assert coach.post(reopen_url, {"reason": ""}, form_url=business_url).status_code == 400
    assert (
        coach.post(reopen_url, {"reason": "Väärä päätös"}, form_url=business_url).status_code == 302
    )
    with app.app_context():
        row = db.session.scalar(
            select(RecognitionPlanUnit).where(RecognitionPlanUnit.unit_id == units[BUSINESS])
        )
        assert (row.status, row.decided_on, row.confirmation) == ("evidence_gathered", None, "")
        reopened = db.session.scalar(
            select(RecognitionEvent.detail).where(RecognitionEvent.action == "decision_reopened")
        )
        assert reopened == "Väärä päätös"
    assert coach.post(f"{business_url}/decide", decision, form_url=business_url).status_code == 302


def test_preparatory_education_parts_go_to_their_own_list(app, world, as_role):
    from tests.plugins.test_recognition import DATA, run_import

    tuva = DATA / "rakenne-tutkintokoulutukseen-valmentava-koulutus.json"
    assert run_import(app, tuva).exit_code == 0
    with app.app_context():
        from plugins.recognition.models import RecognitionQualification, RecognitionUnit

        qual_id = db.session.scalar(select(RecognitionQualification.id))
        part = db.session.scalar(
            select(RecognitionUnit.id).where(RecognitionUnit.code == "koulutuksenosattuva_101")
        )
    coach = as_role("coach")
    base = f"/p/recognition/clients/{world.client.id}"
    assert coach.post(base, {"qualification": qual_id}).status_code == 302
    assert coach.post(f"{base}/units", {"units": [part]}, form_url=base).status_code == 302
    unit_url = f"{base}/units/{part}"
    evidence = {"source": f"placement:{world.placement.id}", "note": ""}
    assert coach.post(f"{unit_url}/evidence", evidence, form_url=unit_url).status_code == 302
    hoks = coach.get(f"{base}/record.json").get_json()["hoks"]
    assert_valid(hoks)
    assert "hankittavat-ammat-tutkinnon-osat" not in hoks
    [row] = hoks["hankittavat-koulutuksen-osat"]
    assert row["koulutuksen-osa-koodi-uri"] == "koulutuksenosattuva_101"
    assert row["alku"] == world.placement.start_date.isoformat()


def test_the_new_forms_refuse_stale_edits_and_save_a_double_submit_once(make_app):
    from plugins.recognition.demo import load as load_recognition
    from portal.demo.data import DEMO_PASSWORD, load_demo_data

    app = make_app()
    with app.test_request_context():
        load_demo_data()
        load_recognition(TODAY)
        plan = db.session.scalar(select(RecognitionPlan))
        units = {
            pu.unit.code: pu.unit_id
            for pu in db.session.scalars(
                select(RecognitionPlanUnit).options(selectinload(RecognitionPlanUnit.unit))
            )
        }
        coach_email = db.session.get(User, db.session.get(Client, plan.client_id).coach_id).email
        base = f"/p/recognition/clients/{plan.client_id}"
    teacher, coach = Browser(app.test_client()), Browser(app.test_client())
    assert teacher.login("teacher@polku.test", DEMO_PASSWORD).status_code == 302
    assert coach.login(coach_email, DEMO_PASSWORD).status_code == 302
    school = f"{base}/school"
    sent = {**form_fields(teacher, school), "learner_oid": "1.2.246.562.24.99"}
    stale = teacher.post(school, {**sent, "version": str(int(sent["version"]) - 1)})
    assert stale.status_code == 409
    assert teacher.post(school, sent).status_code == 302
    assert teacher.post(school, sent).status_code == 302  # the replay saves nothing more
    proposed = f"{base}/units/{units['tutkinnonosat_101052']}"
    confirm = {**form_fields(teacher, proposed, action=f"{proposed}/confirm"), "confirm": "1"}
    assert teacher.post(f"{proposed}/confirm", confirm).status_code == 302
    assert teacher.post(f"{proposed}/confirm", confirm).status_code == 302  # a replay
    reopen_url = f"{proposed}/reopen"
    reopen = {**form_fields(coach, proposed, action=reopen_url), "reason": "Uusi osoitus"}
    old = coach.post(reopen_url, {**reopen, "version": str(int(reopen["version"]) - 1)})
    assert old.status_code == 409
    assert coach.post(reopen_url, reopen).status_code == 302
    with app.app_context():
        row = db.session.scalar(
            select(RecognitionPlanUnit).where(
                RecognitionPlanUnit.unit_id == units["tutkinnonosat_101052"]
            )
        )
        assert (row.status, row.confirmation) == ("evidence_gathered", "")
        assert db.session.get(RecognitionPlan, plan.id).learner_oid == "1.2.246.562.24.99"
        actions = db.session.scalars(
            select(RecognitionEvent.action).where(RecognitionEvent.plan_unit_id == row.id)
        ).all()
        assert actions.count("decision_confirmed") == 1
        assert actions.count("decision_reopened") == 1
