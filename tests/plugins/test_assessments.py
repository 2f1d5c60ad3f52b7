"""The assessments plugin, walked through HTTP by coach, supervisor (with an account and through
a link), the young person, and a fixture plugin's own form."""

import logging
import re
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from plugins.assessments import definitions, services
from plugins.assessments.cli import assessments_cli
from plugins.assessments.models import Assessment, AssessmentDefinition, AssessmentLink
from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, OutboxMessage, Placement
from tests.conftest import Browser, World, app_with, count_queries, form_fields
from tests.fixture_plugins import assessment_form

TODAY = clock.today()
SKILLS = (
    "punctuality",
    "safety",
    "instructions",
    "cooperation",
    "initiative",
    "customer_service",
    "quality",
    "learning",
)


#: The portal with a fixture plugin's own assessment form.
app = app_with(PORTAL_EXTRA_PLUGINS={"assessment_form": assessment_form})


@pytest.fixture
def world(world):
    """The small world without its placement: each test starts the placements it needs."""
    with world.app.app_context():
        db.session.delete(db.session.get(Placement, world.placement.id))
        db.session.commit()
    return world


def start_placement(coach, world, start=TODAY - timedelta(days=20), end=TODAY + timedelta(days=40)):
    response = coach.post(
        f"/clients/{world.client.id}/placements/new",
        {
            "company_id": str(world.company.id),
            "supervisor_id": str(world.employer.id),
            "kind": "workplace_coaching",
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "part_time_percent": "100",
            "tasks": "Keräily",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]


def find(app, form_key, occasion):
    with app.app_context():
        return db.session.scalar(
            select(Assessment).where(
                Assessment.form_key == form_key,
                Assessment.occasion == occasion,
                Assessment.amends_id.is_(None),
            )
        )


def skills(values, **extra):
    return {**{f"q_{k}": str(v) for k, v in zip(SKILLS, values, strict=True)}, **extra}


def test_the_assessment_story(app, world, as_role):
    coach, employer, young = (
        as_role("coach"),
        as_role("employer"),
        as_role("client_user"),
    )
    start_placement(coach, world)
    with app.app_context():
        due = {(a.form_key, a.occasion): a.due_on for a in db.session.scalars(select(Assessment))}
    assert due[("working_life_skills", "placement_start")] == TODAY - timedelta(days=13)
    assert due[("working_life_skills", "midway")] == TODAY + timedelta(days=10)
    assert due[("working_life_skills", "placement_end")] == TODAY + timedelta(days=40)
    assert (
        due[("self_assessment", "placement_start")] and due[("end_of_placement", "placement_end")]
    )

    # The supervisor fills the start assessment from their start page.
    start = find(app, "working_life_skills", "placement_start")
    url = f"/p/assessments/{start.id}"
    assert url in employer.get("/").get_data(as_text=True)
    page = employer.get(url).get_data(as_text=True)
    assert "Myöhästelee tai on poissa usein ilmoittamatta." in page
    outside = employer.post(url, skills((3, 9, 3, 3, 3, 3, 3, 3), action="submit"))
    assert outside.status_code == 400
    missing = employer.post(url, {"q_safety": "2", "action": "submit"})
    assert missing.status_code == 400
    assert employer.post(url, {"q_safety": "2", "action": "draft"}).status_code == 302
    with app.app_context():
        draft = db.session.get(Assessment, start.id)
        assert (draft.status, draft.answers) == ("draft", {"safety": "2"})
    answer = {**form_fields(employer, url), **skills((3, 2, 3, 4, 3, 3, 3, 4), action="submit")}
    assert employer.post(url, answer).status_code == 302
    again = employer.post(url, answer)  # a double click: the same form sent twice
    assert again.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Assessment.status == "submitted")) == 1
        assert db.session.get(Assessment, start.id).answers["safety"] == "2"

    # The low safety score is a risk signal on the coach's worklist.
    worklist = coach.get("/worklist").get_data(as_text=True)
    assert "Aino Virtanen" in worklist
    with app.test_request_context():
        from portal.pathway.plugin_risks import plugin_risk_signals

        signals = plugin_risk_signals(select(Assessment.client_id).distinct(), TODAY)
    assert [s.kind for s in signals if s.client_id == world.client.id] == ["low_assessment"]

    # Another company's supervisor cannot reach it.
    assert as_role("other_employer").get(url).status_code == 404

    # The coach sends a single-use link for the midway assessment.
    midway = find(app, "working_life_skills", "midway")
    results = f"/p/assessments/clients/{world.client.id}"
    link_page = coach.post(
        f"/p/assessments/{midway.id}/link", {"email": "ohjaaja@example.fi"}, form_url=results
    )
    assert link_page.status_code == 200
    link = re.search(
        r'value="(http[^"]+/p/assessments/a/([^"]+))"', link_page.get_data(as_text=True)
    )
    token = link.group(2)
    assert len(token) >= 43  # 256 bits, URL-safe
    with app.app_context():
        mail = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
        assert mail.recipient == "ohjaaja@example.fi" and token in mail.body
        assert db.session.scalar(select(AssessmentLink.token_hash)) != token
    anonymous = Browser(app.test_client())
    form = anonymous.get(f"/p/assessments/a/{token}").get_data(as_text=True)
    assert "Aino" in form and "Virtanen" not in form
    no_name = anonymous.post(f"/p/assessments/a/{token}", skills((4,) * 8, action="submit"))
    assert no_name.status_code == 400
    done = anonymous.post(
        f"/p/assessments/a/{token}",
        skills((4, 4, 4, 4, 3, 4, 4, 4), action="submit", respondent="Olli Ohjaaja"),
    )
    assert done.status_code == 200
    reused = anonymous.get(f"/p/assessments/a/{token}")
    assert reused.status_code == 410
    assert anonymous.get("/p/assessments/a/not-a-token").status_code == 410
    with app.app_context():
        answered = db.session.get(Assessment, midway.id)
        assert (answered.status, answered.respondent) == ("submitted", "Olli Ohjaaja")

    # An expired link is refused and stores nothing.
    end = find(app, "working_life_skills", "placement_end")
    expired_page = coach.post(f"/p/assessments/{end.id}/link", {"email": ""}, form_url=results)
    expired = re.search(r"/p/assessments/a/([^\"]+)\"", expired_page.get_data(as_text=True)).group(
        1
    )
    opened = form_fields(anonymous, f"/p/assessments/a/{expired}")  # before it expires
    with app.app_context():
        row = db.session.scalar(select(AssessmentLink).order_by(AssessmentLink.id.desc()))
        row.expires_at = clock.utcnow() - timedelta(minutes=1)
        db.session.commit()
    refused = anonymous.post(
        f"/p/assessments/a/{expired}",
        {**opened, **skills((5,) * 8, action="submit", respondent="X")},
    )
    assert refused.status_code == 410
    with app.app_context():
        assert db.session.get(Assessment, end.id).status == "pending"

    # The young person fills the self-assessment.
    own = find(app, "self_assessment", "placement_start")
    own_url = f"/p/assessments/{own.id}"
    assert own_url in young.get("/").get_data(as_text=True)
    assert young.post(own_url, skills((4, 4, 3, 4, 3, 3, 4, 4), action="submit")).status_code == 302
    assert young.get(url).status_code == 404  # not the supervisor's assessment

    # The chart shows both views, with a table.
    chart = coach.get(results).get_data(as_text=True)
    assert 'id="skill-safety"' in chart and "<svg" in chart
    assert (
        '<th scope="row">Työturvallisuus</th>'
        "<td>–</td><td>–</td><td>2</td><td>4</td><td>4</td><td>–</td>" in chart
    )
    assert 'class="dot-self"' in chart and 'class="line-supervisor"' in chart
    client_page = coach.get(f"/clients/{world.client.id}").get_data(as_text=True)
    assert 'id="skill-safety"' in client_page

    # The supervisor amends the start assessment with a reason: a new version.
    amend_url = f"/p/assessments/{start.id}/amend"
    no_reason = employer.post(amend_url, skills((3, 3, 3, 4, 3, 3, 3, 4)))
    assert no_reason.status_code == 400
    amended = employer.post(amend_url, skills((3, 3, 3, 4, 3, 3, 3, 4), reason="Väärä rivi"))
    assert amended.status_code == 302
    with app.app_context():
        old = db.session.get(Assessment, start.id)
        new = db.session.scalar(select(Assessment).where(Assessment.amends_id == start.id))
        assert old.status == "amended" and old.answers["safety"] == "2"
        assert (new.status, new.answers["safety"], new.amend_reason) == (
            "submitted",
            "3",
            "Väärä rivi",
        )
    view = coach.get(f"/p/assessments/{new.id}").get_data(as_text=True)
    assert "Väärä rivi" in view and f"/p/assessments/{start.id}" in view


def test_reminders_go_out_at_most_twice(app, world, as_role):
    coach = as_role("coach")
    start_placement(coach, world)
    runner = app.test_cli_runner()
    with app.app_context():
        overdue = db.session.scalar(
            select(func.count()).where(Assessment.due_on < TODAY, Assessment.status == "pending")
        )
    assert overdue == 3  # the start assessments: skills, self-assessment and the fixture form
    sent = lambda: re.search(r"(\d+)", runner.invoke(assessments_cli, ["send-reminders"]).output)  # noqa: E731
    assert sent().group(1) == "3"  # two to the supervisor, one to the young person
    assert sent().group(1) == "0"  # not again the same week
    with freeze_time(TODAY + timedelta(days=8)):
        assert sent().group(1) != "0"
    with freeze_time(TODAY + timedelta(days=30)):
        runner.invoke(assessments_cli, ["send-reminders"])
        runner.invoke(assessments_cli, ["send-reminders"])
    start = find(app, "working_life_skills", "placement_start")
    midway = find(app, "working_life_skills", "midway")
    assert (start.reminders_sent, midway.reminders_sent) == (2, 1)  # never a third
    with app.app_context():
        subjects = db.session.scalars(select(OutboxMessage.subject)).all()
        assert sum(s.endswith(": Työelämätaidot") for s in subjects) == 3


def test_hook_portal_assessment_forms(app, world, as_role, caplog):
    coach, employer = as_role("coach"), as_role("employer")
    with caplog.at_level(logging.ERROR), app.test_request_context():
        offered = definitions.available()
    assert "fixture_checkin" in offered and "working_life_skills" in offered
    assert "no_finnish" not in offered and "bad_filler" not in offered
    assert "no Finnish text" in caplog.text and "filled_by" in caplog.text
    start_placement(coach, world)
    item = find(app, "fixture_checkin", "placement_start")
    url = f"/p/assessments/{item.id}"
    page = employer.get(url).get_data(as_text=True)
    assert "Viikkokuulumiset" in page and "Söikö lounaan?" in page and "Kerro lyhyesti." in page
    good = {"q_mood": "3", "q_shift": "pm", "q_notes": "Hyvä viikko", "action": "submit"}
    assert employer.post(url, {**good, "q_shift": "night"}).status_code == 400
    assert employer.post(url, good).status_code == 302
    with app.app_context():
        stored = db.session.get(Assessment, item.id)
        assert stored.answers == {"mood": "3", "shift": "pm", "notes": "Hyvä viikko"}
        first_version = stored.definition_id

    # A changed definition is a new version; the old answers keep their questions.
    assessment_form.HELP = {"fi": "Kerro kahdella lauseella."}
    try:
        with app.test_request_context():
            content = definitions.available()["fixture_checkin"]
            newer = definitions.stored(content)
            db.session.commit()
            assert newer.number == 2 and newer.id != first_version
        view = employer.get(url).get_data(as_text=True)
        assert "Hyvä viikko" in view
        with app.app_context():
            assert db.session.get(Assessment, item.id).definition_id == first_version
            assert (
                db.session.scalar(
                    select(func.count()).where(AssessmentDefinition.key == "fixture_checkin")
                )
                == 2
            )
    finally:
        assessment_form.HELP = {"fi": "Kerro lyhyesti."}


@pytest.fixture
def demo_app(make_app):
    """The demo data with the recognition plugin's demonstration for employer@ to assess."""
    app = make_app()
    from plugins.recognition.demo import load as load_recognition
    from portal.demo.data import load_demo_data

    with app.test_request_context():
        load_demo_data()
        load_recognition(TODAY)
    return app


def test_recognition_offers_unit_forms_for_planned_demonstrations(demo_app):
    with demo_app.test_request_context():
        offered = definitions.available()
    unit_form = offered["unit-tutkinnonosat_101040"]
    fields = definitions.fields_of(unit_form)
    assert fields[-2]["key"] == "grade"
    assert [v for v, _l in fields[0]["levels"]] == ["0", "2", "3", "4"]  # T1/H2/K3 and fail
    assert unit_form["title"]["fi"] == "Näyttö: Työpaikkaohjaajaksi valmentautuminen"


def test_hook_portal_assessment_submitted(demo_app):
    from plugins.recognition.models import RecognitionDemonstration, RecognitionGrade
    from portal.demo.data import DEMO_PASSWORD
    from portal.models import User

    app = demo_app
    with app.app_context():
        # The demonstration still to be graded (the demo data also has a graded one; which
        # comes first without an order differs between databases).
        demo = db.session.scalar(
            select(RecognitionDemonstration)
            .where(RecognitionDemonstration.grade == "")
            .order_by(RecognitionDemonstration.id)
        )
        client = db.session.scalar(select(Client).where(Client.user_id.is_not(None)))
        placement = db.session.scalar(
            select(Placement).where(
                Placement.client_id == client.id,
                Placement.ended_on.is_(None),
                Placement.company_id == demo.company_id,
            )
        )
        coach = db.session.get(User, client.coach_id)
        ids = (demo.id, client.id, placement.id)
    coach_b, employer_b = Browser(app.test_client()), Browser(app.test_client())
    assert coach_b.login(coach.email, DEMO_PASSWORD).status_code == 302
    assert employer_b.login("employer@polku.test", DEMO_PASSWORD).status_code == 302
    results = f"/p/assessments/clients/{ids[1]}"
    asked = coach_b.post(
        f"/p/assessments/clients/{ids[1]}/request",
        {"form": "unit-tutkinnonosat_101040", "placement": str(ids[2])},
        form_url=results,
    )
    assert asked.status_code == 302
    item = find(app, "unit-tutkinnonosat_101040", "extra")
    url = f"/p/assessments/{item.id}"
    page = employer_b.get(url).get_data(as_text=True)
    keys = re.findall(r'name="q_(t\d+)"', page)
    answers = {f"q_{k}": "3" for k in set(keys)}
    response = employer_b.post(url, {**answers, "q_grade": "4", "action": "submit"})
    assert response.status_code == 302
    with app.app_context():
        graded = db.session.get(RecognitionDemonstration, ids[0])
        assert (graded.grade, graded.decided_by) == ("4", ["3"])
        grades = db.session.scalars(
            select(RecognitionGrade.grade).where(RecognitionGrade.demonstration_id == ids[0])
        ).all()
        assert grades and set(grades) == {"3"} and len(grades) == len(set(keys))


def test_core_pages_work_with_the_plugin_switched_off(make_app, as_role):
    app = make_app(PORTAL_PLUGINS=["onboarding", "recognition"])
    with app.app_context():
        world = World()
    b = as_role("coach", world)
    assert b.get(f"/clients/{world.client.id}").status_code == 200
    assert b.get("/p/assessments/").status_code == 404
    assert b.get("/worklist").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Assessment)) == 0


def test_pages_run_a_fixed_number_of_queries(app, world, as_role):
    coach, employer = as_role("coach"), as_role("employer")
    pages = [
        (coach, f"/p/assessments/clients/{world.client.id}"),
        (coach, f"/clients/{world.client.id}"),
        (coach, "/p/assessments/"),
        (employer, "/p/assessments/"),
        (employer, "/"),
    ]

    def measure():
        counts = []
        for who, url in pages:
            with count_queries(app) as queries:
                assert who.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    start_placement(coach, world, TODAY - timedelta(days=35), TODAY + timedelta(days=20))
    few = measure()
    start_placement(coach, world, TODAY - timedelta(days=90), TODAY - timedelta(days=40))
    start_placement(coach, world, TODAY + timedelta(days=30), TODAY + timedelta(days=80))
    print(
        f"\nassessment pages, SQL statements: {dict(zip([u for _w, u in pages], few, strict=True))}"
    )
    assert measure() == few


def test_self_assessment_baseline_at_intake(app, world, as_role):
    coach = as_role("coach")
    base = {
        "first_name": "Emma",
        "last_name": "Laine",
        "birth_year": "2005",
        "coach_id": str(world.coach.id),
        "highest_education": "basic",
        "goal": "study",
    }
    assert coach.post("/clients/new", {**base, "email": "emma@example.fi"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Assessment.occasion == "intake")) == 0
    # Emma cannot sign in yet; a young person who can gets the baseline form.
    with app.test_request_context():
        client = db.session.get(Client, world.client.id)
        assert services.schedule_intake(client) == 1
        db.session.commit()
    item = find(app, "self_assessment", "intake")
    assert item.placement_id is None and item.due_on == TODAY + timedelta(days=14)
    young = as_role("client_user")
    answer = skills((2, 3, 3, 3, 2, 2, 3, 3), action="submit")
    assert young.post(f"/p/assessments/{item.id}", answer).status_code == 302
    chart = coach.get(f"/p/assessments/clients/{world.client.id}").get_data(as_text=True)
    assert (
        '<th scope="row">Tulen ajoissa ja kerron, jos olen poissa.</th><td>–</td><td>2</td>'
        in chart
    )


def test_each_role_reaches_only_its_own_pages(app, world, as_role):
    coach = as_role("coach")
    start_placement(coach, world)
    item = find(app, "working_life_skills", "placement_start")
    own = find(app, "self_assessment", "placement_start")
    staff_only = [
        f"/p/assessments/clients/{world.client.id}",
        "/p/assessments/companies",
    ]
    for role in ("employer", "client_user"):
        b = as_role(role)
        for url in staff_only:
            assert b.get(url).status_code == 403, (role, url)
        assert (
            b.post(f"/p/assessments/{item.id}/link", {"email": ""}, form_url="/").status_code == 403
        )
        assert b.post(f"/p/assessments/{item.id}/remind", form_url="/").status_code == 403
    other_coach = as_role("other_coach")
    assert other_coach.get(f"/p/assessments/{item.id}").status_code == 404
    assert other_coach.get(f"/p/assessments/clients/{world.client.id}").status_code == 404
    assert as_role("employer").get(f"/p/assessments/{own.id}").status_code == 404
    admin = as_role("admin")
    assert admin.get(f"/p/assessments/clients/{world.client.id}").status_code == 200
    assert admin.get("/p/assessments/companies").status_code == 200


def test_bad_requests_change_nothing(app, world, as_role):
    coach = as_role("coach")
    start_placement(coach, world)
    results = f"/p/assessments/clients/{world.client.id}"
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Assessment))
    unknown = coach.post(
        f"{results}/request", {"form": "no_such_form", "placement": "0"}, form_url=results
    )
    assert unknown.status_code == 400
    no_placement = coach.post(
        f"{results}/request", {"form": "working_life_skills", "placement": "0"}, form_url=results
    )
    assert no_placement.status_code == 400
    assert "tarvitsee työpaikkajakson" in no_placement.get_data(as_text=True)
    item = find(app, "working_life_skills", "midway")
    bad_email = coach.post(
        f"/p/assessments/{item.id}/link", {"email": "not an address"}, form_url=results
    )
    assert bad_email.status_code == 302
    assert "sähköpostiosoite" in coach.get(results).get_data(as_text=True)
    own = find(app, "self_assessment", "midway")
    refused = coach.post(f"/p/assessments/{own.id}/link", {"email": ""}, form_url=results)
    assert refused.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Assessment)) == before
        assert db.session.scalar(select(func.count()).select_from(AssessmentLink)) == 0


def test_a_skill_chart_draws_each_answer_where_the_table_says():
    from plugins.assessments.chart import skill_chart
    from plugins.assessments.services import SkillSeries

    series = SkillSeries(
        "safety", {"fi": "Turvallisuus"}, {"intake": 2, "midway": 4}, {"intake": 3}
    )
    occasions = ["intake", "placement_start", "midway", "placement_end"]
    svg = str(skill_chart(series, occasions, {"intake": "Alku", "midway": "Puolivälissä"}))
    # Columns 60 apart from x=45; the values 1-5 from y=110 up by 24; the young person's
    # own answers 6 to the right, as squares.
    assert '<polyline class="line-supervisor" points="45,86 165,38 "></polyline>' in svg
    assert '<circle cx="45" cy="86" r="5" class="dot-supervisor">' in svg
    assert '<circle cx="165" cy="38" r="5" class="dot-supervisor">' in svg
    assert '<rect x="47" y="58" width="8" height="8" class="dot-self">' in svg
    assert "line-self" not in svg  # one answer of their own: no line
    assert (
        '<desc id="skill-safety-desc">Alku: supervisor 2, self 3; placement_start: supervisor –, '
        "self –; Puolivälissä: supervisor 4, self –; placement_end: supervisor –, self –</desc>"
    ) in svg
    assert svg.count('class="grid"') == 5
    assert svg.count('text-anchor="middle"') == 4


def test_a_skill_chart_escapes_its_labels():
    from plugins.assessments.chart import skill_chart
    from plugins.assessments.services import SkillSeries

    series = SkillSeries('a"b', {}, {"<x>": 1}, {})
    svg = str(skill_chart(series, ["<x>", "y"], {}))
    assert "<x>" not in svg and "&lt;x&gt;" in svg and "skill-a&#34;b" in svg


def test_hook_portal_demo_scale(ctx):
    """The synthetic data at scale has the supervisors' assessments in proportion."""
    from portal.demo.data import load_demo_data
    from portal.demo.scale import add_clients

    load_demo_data()
    before = db.session.scalar(select(func.max(Client.id))) or 0
    add_clients(300, today=TODAY)
    synthetic = Assessment.client_id > before
    placements = db.session.scalar(
        select(func.count(Placement.id)).where(
            Placement.client_id > before, Placement.kind == "workplace_coaching"
        )
    )
    by_status = dict(
        db.session.execute(
            select(Assessment.status, func.count()).where(synthetic).group_by(Assessment.status)
        ).all()
    )
    # Each supervisor's form at each of its placement occasions, for every placement.
    occasions = {"placement_start", "midway", "placement_end"}
    per_placement = sum(
        len(occasions & set(content["due"]))
        for content in definitions.available().values()
        if content["filled_by"] == "supervisor"
    )
    assert per_placement >= 4  # the built-in skills form three times, the end form once
    assert sum(by_status.values()) == per_placement * placements > 0
    assert by_status["submitted"] > by_status["pending"] > 0
    rows = db.session.execute(
        select(
            Assessment.status, Assessment.due_on, Assessment.answers, Assessment.filled_by
        ).where(synthetic)
    ).all()
    assert {r.filled_by for r in rows} == {"supervisor"}  # synthetic people cannot sign in
    for status, due, answers, _by in rows:
        assert (status == "submitted") == (due < TODAY), (status, due)
        assert bool(answers) == (status == "submitted")
    low = [r for r in rows if r.answers.get("safety") in ("1", "2")]
    assert 0 < len(low) < len(rows) // 4
