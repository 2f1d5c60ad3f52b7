"""The onboarding plugin, walked through HTTP by coach, employer and trainee."""

import logging
import re
from datetime import timedelta

from sqlalchemy import func, inspect, select

from plugins.onboarding.models import (
    OnboardingModel,
    OnboardingProgress,
    OnboardingSharedTemplate,
    OnboardingStepMark,
    OnboardingVersion,
)
from portal.app import clock
from portal.app.extensions import db
from portal.hooks.manager import collect
from portal.models import Client, Placement
from tests.conftest import Browser, World, app_with, count_queries, form_fields, set_state
from tests.fixture_plugins import templates_and_skills

TODAY = clock.today()


#: The portal with a fixture plugin's onboarding template and skill requirements.
app = app_with(PORTAL_EXTRA_PLUGINS={"templates_and_skills": templates_and_skills})


def create_model(browser, company_id, template="warehouse"):
    url = f"/p/onboarding/companies/{company_id}"
    response = browser.post(url, {"title": "Perehdytys Varastoon", "template": template})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def tick(browser, progress_id, key, **extra):
    """Mark a step done today, as the checklist's form does."""
    return browser.post(
        f"/p/onboarding/progress/{progress_id}/steps/{key}",
        {"done_on": TODAY.isoformat(), **extra},
        form_url="/",
    )


def sign_off(model_id, *signers):
    """Each signer signs off the version the model page shows them."""
    for signer in signers:
        signer.post(
            f"/p/onboarding/models/{model_id}/sign", form_url=f"/p/onboarding/models/{model_id}"
        )


def version_numbers(app, model_id):
    with app.app_context():
        return db.session.scalars(
            select(OnboardingVersion.number)
            .where(OnboardingVersion.model_id == model_id)
            .order_by(OnboardingVersion.number)
        ).all()


def first_step_key(app, model_id, number):
    with app.app_context():
        version = db.session.scalar(
            select(OnboardingVersion).where(
                OnboardingVersion.model_id == model_id, OnboardingVersion.number == number
            )
        )
        return sorted(version.content["steps"], key=lambda s: (s["week"], s["key"]))[0]["key"]


def test_the_onboarding_story(app, world, as_role):
    coach, employer = as_role("coach"), as_role("employer")
    trainee = as_role("client_user")

    # The employer starts the company's model from the warehouse template.
    new_page = employer.get(f"/p/onboarding/companies/{world.company.id}").get_data(as_text=True)
    for template in [
        "Varasto ja logistiikka",
        "Ravintolakeittiö",
        "Kauppa ja asiakaspalvelu",
        "Siivous- ja kiinteistöpalvelut",
        "Hoiva-avustaja",
        "Leipomo",
    ]:
        assert template in new_page
    model_id = create_model(employer, world.company.id)
    page = coach.get(f"/p/onboarding/models/{model_id}").get_data(as_text=True)
    assert "Turvallisuuskierros ja suojavarusteet" in page and "Vähenevän tuen" in page

    # The coach edits a step: version 2, with a readable diff.
    model_url = f"/p/onboarding/models/{model_id}"
    opened_before_the_edit = form_fields(employer, model_url, action=f"{model_url}/sign")
    assert opened_before_the_edit["base"] == "1"
    key = first_step_key(app, model_id, 1)
    edited = coach.post(
        f"/p/onboarding/models/{model_id}/steps/{key}",
        {
            "week": "0",
            "responsible": "supervisor",
            "title": "Turvallisuuskierros, suojavarusteet ja trukkiliikenne",
            "description": "Kierros ja varusteet",
            "task_analysis": "Näytä reitti\nKysy takaisin",
        },
    )
    assert edited.status_code == 302
    assert version_numbers(app, model_id) == [1, 2]
    diff = coach.get(f"/p/onboarding/models/{model_id}/versions/2").get_data(as_text=True)
    assert "trukkiliikenne" in diff and 'class="removed"' in diff

    # Both sign off version 2; signing the old version 1 is refused.
    stale = employer.post(f"{model_url}/sign", opened_before_the_edit)
    assert stale.status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).where(OnboardingVersion.employer_signed_at.is_not(None))
            )
            == 0
        )
    sign_off(model_id, employer, coach)
    with app.app_context():
        agreed = db.session.scalar(
            select(OnboardingVersion).where(
                OnboardingVersion.model_id == model_id, OnboardingVersion.number == 2
            )
        )
        assert agreed.agreed
        # The trainee's running placement follows the agreed version from now on.
        progress = db.session.scalar(
            select(OnboardingProgress).where(OnboardingProgress.placement_id == world.placement.id)
        )
        assert progress.version_id == agreed.id
        progress_id = progress.id

    # The supervisor and the trainee tick steps; everyone sees the progress.
    key = first_step_key(app, model_id, 2)
    mark_url = f"/p/onboarding/progress/{progress_id}/steps/{key}"
    assert (
        employer.post(
            mark_url,
            {
                "done_on": TODAY.isoformat(),
                "comment": "Hyvin meni",
                "next": f"/trainees/{world.client.id}",
            },
            form_url="/",
        ).headers["Location"]
        == f"/trainees/{world.client.id}"
    )
    twice = employer.post(mark_url, {"done_on": TODAY.isoformat()}, form_url="/")
    assert twice.status_code == 302
    assert "on jo merkitty tehdyksi" in employer.get("/").get_data(as_text=True)
    with app.app_context():
        steps = sorted(agreed.content["steps"], key=lambda s: (s["week"], s["key"]))
        others = [s["key"] for s in steps[1:] if s["responsible"] != "trainee"]
    # A step the supervisor or the coach is responsible for is not the trainee's to confirm.
    assert tick(trainee, progress_id, others[0]).status_code == 302
    checklist = "/my/more/onboarding"  # the young person's checklist, a tap from their home
    assert "kuittaa työpaikkaohjaaja tai valmentaja" in trainee.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(OnboardingStepMark.id))) == 1
    assert "rastittaa tämän vaiheen" in trainee.get(checklist).get_data(as_text=True)
    assert tick(coach, progress_id, others[0]).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(OnboardingStepMark.id))) == 2
    for viewer, url in [
        (coach, f"/clients/{world.client.id}"),
        (employer, f"/trainees/{world.client.id}"),
        (trainee, checklist),
    ]:
        html = viewer.get(url).get_data(as_text=True)
        assert "2/8 vaihetta tehty" in html, url
        assert "Hyvin meni" in html

    # An edit after sign-off makes version 3; the running placement stays on version 2.
    coach.post(
        f"/p/onboarding/models/{model_id}/steps/new",
        {
            "week": "2",
            "responsible": "trainee",
            "title": "Oma vaihe",
            "description": "",
            "task_analysis": "",
        },
    )
    assert version_numbers(app, model_id) == [1, 2, 3]
    with app.app_context():
        assert db.session.get(OnboardingProgress, progress_id).version_id == agreed.id

    # A placement that starts now is attached to the agreed version 2, not the draft 3.
    set_state(app, world.other_client.id, "attitude_training")
    with app.app_context():
        from portal.models import Client

        db.session.get(Client, world.other_client.id).coach_id = world.coach.id
        db.session.commit()
    coach.post(
        f"/clients/{world.other_client.id}/placements/new",
        {
            "company_id": str(world.company.id),
            "supervisor_id": str(world.employer.id),
            "kind": "workplace_coaching",
            "start_date": (TODAY + timedelta(days=70)).isoformat(),
            "end_date": (TODAY + timedelta(days=120)).isoformat(),
            "part_time_percent": "100",
        },
    )
    with app.app_context():
        newest = db.session.scalar(
            select(OnboardingProgress)
            .join(Placement)
            .where(Placement.client_id == world.other_client.id)
        )
        assert newest.version_id == agreed.id

    printable = employer.get(f"/p/onboarding/models/{model_id}/print").get_data(as_text=True)
    assert "Ensimmäinen päivä" in printable and "versio 2" in printable


def test_employer_cannot_reach_another_companys_model(app, world, as_role):
    model_id = create_model(as_role("coach"), world.company.id)
    other = as_role("other_employer")
    for url in [
        f"/p/onboarding/models/{model_id}",
        f"/p/onboarding/models/{model_id}/print",
        f"/p/onboarding/models/{model_id}/steps/new",
        f"/p/onboarding/companies/{world.company.id}",
    ]:
        assert other.get(url).status_code == 404, url
    response = other.post(
        f"/p/onboarding/models/{model_id}/steps/new",
        {"week": "1", "responsible": "coach", "title": "x"},
        form_url="/p/onboarding/",
    )
    assert response.status_code == 404
    assert version_numbers(app, model_id) == [1]
    assert as_role("client_user").get(f"/p/onboarding/models/{model_id}").status_code == 403


def test_concurrent_edits_are_refused(app, world, as_role):
    coach, employer = as_role("coach"), as_role("employer")
    model_id = create_model(coach, world.company.id)
    step = {
        "week": "1",
        "responsible": "coach",
        "title": "Uusi",
        "description": "",
        "task_analysis": "",
    }
    url = f"/p/onboarding/models/{model_id}/steps/new"
    opened_by_coach, opened_by_employer = form_fields(coach, url), form_fields(employer, url)
    assert coach.post(url, {**opened_by_coach, **step}).status_code == 302
    clash = employer.post(url, {**opened_by_employer, **step})
    assert clash.status_code == 409 and "muuttunut avaamisesi" in clash.get_data(as_text=True)
    assert version_numbers(app, model_id) == [1, 2]


def test_steps_of_an_ended_placement_cannot_be_marked(app, world, as_role):
    coach, employer = as_role("coach"), as_role("employer")
    model_id = create_model(coach, world.company.id)
    sign_off(model_id, coach, employer)
    with app.app_context():
        progress = db.session.scalar(select(OnboardingProgress))
        db.session.get(Placement, world.placement.id).ended_on = TODAY
        db.session.commit()
        progress_id = progress.id
    key = first_step_key(app, model_id, 1)
    tick(employer, progress_id, key)
    assert "Jakso on päättynyt" in employer.get("/").get_data(as_text=True)
    other = as_role("other_employer")
    assert tick(other, progress_id, key).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(OnboardingStepMark.id))) == 0


def test_hook_portal_onboarding_templates(app, world, as_role, caplog):
    with caplog.at_level(logging.WARNING):
        html = (
            as_role("coach")
            .get(f"/p/onboarding/companies/{world.company.id}")
            .get_data(as_text=True)
        )
    assert "Leipomo" in html and "No Finnish title" not in html
    assert "Onboarding template 'broken' skipped" in caplog.text
    model_id = create_model(as_role("coach"), world.company.id, template="bakery")
    page = as_role("coach").get(f"/p/onboarding/models/{model_id}").get_data(as_text=True)
    assert "Hygienia leipomossa" in page
    unknown = as_role("admin").post(
        f"/p/onboarding/companies/{world.other_company.id}", {"title": "x", "template": "nope"}
    )
    assert unknown.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count(OnboardingModel.id))) == 1


def test_hook_portal_skill_requirements(app, world, as_role):
    coach = as_role("coach")
    model_id = create_model(coach, world.company.id, template="")
    form = coach.get(f"/p/onboarding/models/{model_id}/steps/new").get_data(as_text=True)
    assert "Toimii hygieenisesti" in form
    assert (
        coach.post(
            f"/p/onboarding/models/{model_id}/steps/new",
            {
                "week": "1",
                "responsible": "supervisor",
                "title": "Hygienia",
                "skill_requirements": ["tutkinnonosat_100054/1"],
            },
        ).status_code
        == 302
    )
    with app.app_context():
        version = db.session.scalar(select(OnboardingVersion).where(OnboardingVersion.number == 2))
        assert version.content["steps"][0]["skill_requirements"] == ["tutkinnonosat_100054/1"]


def test_sharing_removes_names_and_needs_approval(world, as_role):
    coach, employer, admin = as_role("coach"), as_role("employer"), as_role("admin")
    model_id = create_model(coach, world.company.id)
    coach.post(
        f"/p/onboarding/models/{model_id}/steps/new",
        {
            "week": "1",
            "responsible": "supervisor",
            "title": "Varasto Oy:n kierros Employerin kanssa",
            "description": "Kaisa näyttää",
        },
    )
    not_agreed = employer.post(
        f"/p/onboarding/models/{model_id}/share", {}, form_url=f"/p/onboarding/models/{model_id}"
    )
    assert not_agreed.status_code == 302
    assert "Vain hyväksytyn" in employer.get("/").get_data(as_text=True)
    sign_off(model_id, coach, employer)
    employer.post(
        f"/p/onboarding/models/{model_id}/share", {}, form_url=f"/p/onboarding/models/{model_id}"
    )
    offers = admin.get("/p/onboarding/shared").get_data(as_text=True)
    offer_id = re.search(r"/p/onboarding/shared/(\d+)", offers).group(1)
    with world.app.app_context():
        shared = db.session.get(OnboardingSharedTemplate, int(offer_id))
        text = str(shared.content) + shared.title
    assert "Varasto" not in text and "Kaisa" not in text and "Employer" not in text
    assert "kierros" in text
    # The approver sees what was removed, line by line, before approving.
    removed = re.findall(r'<li class="removed">.*?</li>', offers, re.S)
    assert any("Varasto Oy:n kierros Employerin kanssa" in line for line in removed)
    assert (
        coach.post(
            f"/p/onboarding/shared/{offer_id}", {"decision": "approve"}, form_url="/"
        ).status_code
        == 403
    )
    admin.post(
        f"/p/onboarding/shared/{offer_id}", {"decision": "approve"}, form_url="/p/onboarding/shared"
    )
    templates = admin.get(f"/p/onboarding/companies/{world.other_company.id}").get_data(
        as_text=True
    )
    assert f'value="shared-{offer_id}"' in templates


def test_overdue_steps_show_for_the_coach_and_as_a_risk_signal(app, world, as_role):
    coach, employer = as_role("coach"), as_role("employer")
    model_id = create_model(coach, world.company.id)
    sign_off(model_id, coach, employer)
    set_state(app, world.client.id, "workplace_coaching")
    home = coach.get("/").get_data(as_text=True)
    assert "Perehdytyksessä jäljessä olevat harjoittelijat" in home
    assert "Aino Virtanen" in home and "myöhässä" in home
    worklist = coach.get("/worklist").get_data(as_text=True)
    assert "Perehdytyksen vaiheita myöhässä" in worklist
    with count_queries(app) as statements:
        coach.get("/")
    assert len(statements) <= 10


def test_plugin_tables_are_prefixed_and_migrate(empty_db_app):
    from flask_migrate import downgrade, upgrade

    app = empty_db_app()
    with app.app_context():
        upgrade(revision="heads")
        tables = set(inspect(db.engine).get_table_names())
        assert {
            "onboarding_models",
            "onboarding_versions",
            "onboarding_progress",
            "onboarding_step_marks",
            "onboarding_shared_templates",
        } <= tables
        downgrade(revision="onboarding@base")
        assert not any(t.startswith("onboarding_") for t in inspect(db.engine).get_table_names())
    from plugins.onboarding import models

    for name, obj in vars(models).items():
        if hasattr(obj, "__tablename__") and name.startswith("Onboarding"):
            assert obj.__tablename__.startswith("onboarding_")


def test_core_pages_work_with_the_plugin_switched_off(make_app, as_role):
    app = make_app(PORTAL_PLUGINS=[])
    with app.app_context():
        world = World()
    assert "onboarding" not in app.blueprints
    for role, urls in [
        ("coach", ["/", "/worklist", "/clients/", f"/clients/{world.client.id}", "/groups/"]),
        ("employer", ["/", "/trainees/", f"/trainees/{world.client.id}"]),
        ("client_user", ["/"]),
        ("admin", ["/", "/admin/"]),
    ]:
        b = as_role(role, world)
        for url in urls:
            response = b.get(url)
            assert response.status_code == 200, url
            assert "Perehdytys" not in response.get_data(as_text=True)


def test_hook_portal_demo_data(make_app):
    app = make_app()
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(OnboardingModel.id))) == 1
        assert db.session.scalar(select(func.count(OnboardingProgress.id))) >= 4
    client = Browser(app.test_client())
    client.login("client@polku.test", "polku-demo-2026")
    assert "Perehdytyslistani" in client.get("/").get_data(as_text=True)
    coach = Browser(app.test_client())
    coach.login("coach@polku.test", "polku-demo-2026")
    assert "Perehdytyksen vaiheita myöhässä" in coach.get("/worklist").get_data(as_text=True)


def test_employer_sees_onboarding_only_for_placements_at_their_company(app, world, as_role):
    coach, employer, other = (
        as_role("coach"),
        as_role("employer"),
        as_role("other_employer"),
    )
    with app.app_context():
        earlier = Placement(
            client_id=world.client.id,
            company_id=world.other_company.id,
            supervisor_id=world.other_employer.id,
            start_date=TODAY - timedelta(days=40),
            end_date=TODAY - timedelta(days=12),
            ended_on=None,
        )
        db.session.add(earlier)
        db.session.commit()
        earlier_id = earlier.id
    # The coach works with both companies: their client has a placement at each.
    for company, signer in ((world.company, employer), (world.other_company, other)):
        model_id = create_model(coach, company.id)
        sign_off(model_id, coach, signer)
    with app.app_context():
        earlier = db.session.get(Placement, earlier_id)
        from plugins.onboarding.services import attach

        attach(earlier)
        assert (
            db.session.scalar(
                select(func.count(OnboardingProgress.id))
                .join(Placement)
                .where(Placement.client_id == world.client.id)
            )
            == 2
        )
    html = employer.get(f"/trainees/{world.client.id}").get_data(as_text=True)
    assert html.count("vaihetta tehty") == 1
    assert (
        html.count("vaihetta tehty")
        < coach.get(f"/clients/{world.client.id}").get_data(as_text=True).count("vaihetta tehty")
        + 1
    )


def test_hook_portal_evidence_items(app, world, as_role):
    coach, employer = as_role("coach"), as_role("employer")
    model_id = create_model(employer, world.company.id)
    sign_off(model_id, employer, coach)
    with app.app_context():
        progress = db.session.scalar(
            select(OnboardingProgress).where(OnboardingProgress.placement_id == world.placement.id)
        )
        progress_id = progress.id
    key = first_step_key(app, model_id, 1)
    assert tick(employer, progress_id, key).status_code == 302
    with app.test_request_context():
        client = db.session.get(Client, world.client.id)
        items = collect("portal_evidence_items", client=client)
        other = collect(
            "portal_evidence_items", client=db.session.get(Client, world.other_client.id)
        )
    onboarding_items = [i for i in items if i.kind == "onboarding_step"]
    assert [i.ref for i in onboarding_items] == [f"onboarding:{progress_id}:{key}"]
    assert "Turvallisuuskierros" in str(onboarding_items[0].label)
    assert onboarding_items[0].on == TODAY
    assert not [i for i in other if i.kind == "onboarding_step"]
