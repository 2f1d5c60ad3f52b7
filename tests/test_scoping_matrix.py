"""Who reaches what, and until when: one test per role x object kind x moment in time.

The placement of the world's client at the world's company starts on day 0 and is planned to
end on day 60; in the ``early`` moment it really ended on day 20. The ``colleague`` is another
supervisor at the same company who is not the demonstration's working-life assessor. The clock
is moved (freezegun) to each moment, the role signs in and opens the object's page as that role
would. Every row of ``KINDS`` names the page per audience and the rule per role; ``RULES`` turns
a rule and a moment into the exact status. Adding an object kind is adding a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from plugins.assessments import services as assessment_services
from plugins.assessments.models import Assessment
from plugins.onboarding import services as onboarding_services
from plugins.onboarding.models import OnboardingProgress
from plugins.recognition.models import (
    RecognitionDemonstration,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionQualification,
    RecognitionUnit,
)
from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Checkpoint,
    Client,
    Company,
    Group,
    Placement,
    Project,
    Review,
    Role,
    User,
    group_coaches,
)
from tests.support.browser import PASSWORD, Browser
from tests.support.world import World

BASE = clock.today()
PLANNED_END = 60
EARLY_END = 20

#: Moment -> (day the clock shows, day the placement really ended or None).
MOMENTS: dict[str, tuple[int, int | None]] = {
    "before_start": (-5, None),
    "during": (10, None),
    "after_end_within_days": (PLANNED_END + 10, None),
    "after_end_beyond_days": (PLANNED_END + 40, None),
    # 35 days after the real (early) end, still before the planned end + 30 days.
    "after_early_end": (EARLY_END + 35, EARLY_END),
}

OK, GONE, DENIED = 200, 404, 403
#: The employer's window: the placement is coming, running, or really ended at most 30 days ago.
WINDOW = {
    "before_start": OK,
    "during": OK,
    "after_end_within_days": OK,
    "after_end_beyond_days": GONE,
    "after_early_end": GONE,
}
#: A rule per role and kind: a fixed status, or the moments' statuses.
RULES: dict[str, dict[str, int]] = {
    "ok": dict.fromkeys(MOMENTS, OK),
    "gone": dict.fromkeys(MOMENTS, GONE),
    "denied": dict.fromkeys(MOMENTS, DENIED),
    "window": WINDOW,
    # The assessor's demonstration is on the placement's last two days; access ends 14 days later.
    "assessor": WINDOW,
}

ROLES = (
    "admin",
    "coach",
    "other_coach",
    "employer",
    "colleague",
    "other_employer",
    "client_user",
    "other_client_user",
)
AUDIENCE = {
    "admin": "staff",
    "coach": "staff",
    "other_coach": "staff",
    "employer": "employer",
    "colleague": "employer",
    "other_employer": "employer",
    "client_user": "client",
    "other_client_user": "client",
}


@dataclass(frozen=True)
class Kind:
    """An object kind: its page per audience (None: no page for them) and the rule per role."""

    pages: dict[str, str | None]
    rules: dict[str, str]
    #: Reaching it is a POST (a redirect, 302, when allowed).
    post: bool = False


STAFF_ONLY = {"admin": "ok", "coach": "ok", "other_coach": "gone"}
NOT_CLIENTS = {"client_user": "denied", "other_client_user": "denied"}
NOT_EMPLOYERS = {"employer": "denied", "colleague": "denied", "other_employer": "denied"}

KINDS: dict[str, Kind] = {
    "client": Kind(
        {
            "staff": "/clients/{client}",
            "employer": "/trainees/{client}",
            "client": "/clients/{client}",
        },
        {
            **STAFF_ONLY,
            "employer": "window",
            "colleague": "window",
            "other_employer": "gone",
            **NOT_CLIENTS,
        },
    ),
    "client_page_part": Kind(
        {"staff": "/clients/{client}/timeline", "employer": None, "client": "/my/information"},
        {**STAFF_ONLY, "client_user": "ok", "other_client_user": "ok"},
    ),
    "placement": Kind(
        {"staff": "/clients/{client}/placements/{placement}", "employer": None, "client": None},
        STAFF_ONLY,
    ),
    "checkpoint": Kind(
        {
            "staff": "/clients/{client}/checkpoints/{checkpoint}",
            "employer": None,
            "client": "/my/checkpoints/{checkpoint}",
        },
        {**STAFF_ONLY, "client_user": "ok", "other_client_user": "gone"},
    ),
    "review": Kind(
        {
            "staff": "/clients/{client}/reviews/{review}",
            "employer": "/trainees/{client}/reviews/{review}",
            "client": "/my/reviews/{review}",
        },
        {
            **STAFF_ONLY,
            "employer": "window",
            "colleague": "window",
            "other_employer": "gone",
            "client_user": "ok",
            "other_client_user": "gone",
        },
    ),
    "assessment": Kind(
        {"staff": "/p/assessments/{assessment}", "employer": "/p/assessments/{assessment}"}
        | {"client": "/p/assessments/{assessment}"},
        {
            **STAFF_ONLY,
            "employer": "window",
            "colleague": "window",
            "other_employer": "gone",
            # A supervisor's form: the young person reads only their own self-assessments.
            "client_user": "gone",
            "other_client_user": "gone",
        },
    ),
    "onboarding_model": Kind(
        {"staff": "/p/onboarding/models/{model}", "employer": "/p/onboarding/models/{model}"}
        | {"client": "/p/onboarding/models/{model}"},
        {
            **STAFF_ONLY,
            "employer": "ok",
            "colleague": "ok",
            "other_employer": "gone",
            **NOT_CLIENTS,
        },
    ),
    "onboarding_progress": Kind(
        {
            "staff": "/p/onboarding/progress/{progress}/steps/s1",
            "employer": "/p/onboarding/progress/{progress}/steps/s1",
            "client": "/p/onboarding/progress/{progress}/steps/s1",
        },
        {
            "admin": "denied",
            "coach": "ok",
            "other_coach": "gone",
            "employer": "window",
            "colleague": "window",
            "other_employer": "gone",
            "client_user": "ok",
            "other_client_user": "gone",
        },
        post=True,
    ),
    "recognition_plan": Kind(
        {"staff": "/p/recognition/clients/{client}", "employer": "/p/recognition/clients/{client}"}
        | {"client": None},
        {**STAFF_ONLY, **NOT_EMPLOYERS},
    ),
    "demonstration": Kind(
        {"staff": "/p/recognition/demonstrations/{demo}"}
        | {"employer": "/p/recognition/demonstrations/{demo}", "client": None},
        # Only the named working-life assessor, not a colleague at the same company.
        {**STAFF_ONLY, "employer": "assessor", "colleague": "gone", "other_employer": "gone"},
    ),
    "group": Kind(
        {"staff": "/groups/{group}", "employer": "/groups/{group}", "client": "/groups/{group}"},
        {**STAFF_ONLY, **NOT_EMPLOYERS, **NOT_CLIENTS},
    ),
    "export": Kind(
        {"staff": "/reports/clients.csv", "employer": "/reports/clients.csv"}
        | {"client": "/reports/clients.csv"},
        {"admin": "ok", "coach": "denied", "other_coach": "denied", **NOT_EMPLOYERS} | NOT_CLIENTS,
    ),
}


def _cases():
    for kind_name, kind in KINDS.items():
        for role in ROLES:
            if kind.pages.get(AUDIENCE[role]) is None or role not in kind.rules:
                continue
            for moment in MOMENTS:
                yield pytest.param(kind_name, role, moment, id=f"{kind_name}-{role}-{moment}")


def test_every_role_has_a_rule_where_it_has_a_page():
    """A new kind or role cannot silently go untested."""
    for name, kind in KINDS.items():
        for role in ROLES:
            if kind.pages.get(AUDIENCE[role]) is not None:
                assert role in kind.rules, (name, role)


def _day(offset: int) -> date:
    return BASE + timedelta(days=offset)


def _objects(world: World, ended: int | None) -> dict[str, int]:
    """Build the client's objects in the test's database; returns the ids the pages use."""
    placement = db.session.get(Placement, world.placement.id)
    placement.start_date, placement.end_date = _day(0), _day(PLANNED_END)
    if ended is not None:
        placement.ended_on, placement.end_reason = _day(ended), "Keskeytyi"
    last = _day(ended if ended is not None else PLANNED_END)
    other_client = db.session.get(Client, world.other_client.id)
    other_user = User(
        email="client2@example.fi",
        name="Eetu Korhonen",
        role=Role.CLIENT,
        password_hash=db.session.get(User, world.client_user.id).password_hash,
        active=True,
    )
    db.session.add(other_user)
    db.session.flush()
    other_client.user_id = other_user.id
    checkpoint = Checkpoint(client_id=world.client.id, placement_id=placement.id, difficulty="x")
    review = Review(
        client_id=world.client.id,
        placement_id=placement.id,
        scheduled_on=_day(5),
        held_on=_day(5),
        notes="Sovittiin",
    )
    db.session.add_all([checkpoint, review])
    assessment_services.schedule(placement, ("midway",))
    assessment = db.session.scalar(
        db.select(Assessment).where(
            Assessment.placement_id == placement.id, Assessment.filled_by == "supervisor"
        )
    )
    company = db.session.get(Company, world.company.id)
    coach = db.session.get(User, world.coach.id)
    model = onboarding_services.create_model(company, "", coach, "fi", "Perehdytys")
    version = onboarding_services.latest_version(model)
    version.content = {
        **version.content,
        "steps": [{"key": "s1", "week": 1, "responsible": "supervisor", "title": "Turva"}],
    }
    progress = OnboardingProgress(placement_id=placement.id, version_id=version.id)
    qualification = RecognitionQualification(source_id="q1", name={"fi": "Tutkinto"}, name_fi="T")
    unit = RecognitionUnit(code="u1", name={"fi": "Osa"}, name_fi="Osa")
    db.session.add_all([progress, qualification, unit])
    db.session.flush()
    plan = RecognitionPlan(client_id=world.client.id, qualification_id=qualification.id)
    db.session.add(plan)
    db.session.flush()
    plan_unit = RecognitionPlanUnit(plan_id=plan.id, unit_id=unit.id)
    db.session.add(plan_unit)
    db.session.flush()
    demo = RecognitionDemonstration(
        plan_unit_id=plan_unit.id,
        company_id=company.id,
        start_date=last - timedelta(days=1),
        end_date=last,
        tasks="Keräily",
        teacher_name="Opettaja",
        employer_assessor_id=world.employer.id,
    )
    db.session.add(demo)
    db.session.commit()
    colleague = User(
        email="employer3@example.fi",
        name="Kollega",
        role=Role.EMPLOYER,
        company_id=company.id,
        password_hash=other_user.password_hash,
        active=True,
    )
    db.session.add(colleague)
    db.session.commit()
    world.other_client_user = other_user  # type: ignore[attr-defined]
    world.colleague = colleague  # type: ignore[attr-defined]
    return {
        "client": world.client.id,
        "placement": placement.id,
        "checkpoint": checkpoint.id,
        "review": review.id,
        "assessment": assessment.id,
        "model": model.id,
        "progress": progress.id,
        "demo": demo.id,
        "group": world.group.id,
    }


def _open(browser: Browser, url: str, post: bool):
    if post:
        return browser.post(url, {"done_on": clock.today().isoformat()}, form_url="/")
    return browser.get(url)


def expected(kind: Kind, role: str, moment: str) -> int:
    status = RULES[kind.rules[role]][moment]
    return 302 if kind.post and status == OK else status


@pytest.mark.parametrize(("kind_name", "role", "moment"), list(_cases()))
def test_scoping_matrix(app, world, kind_name: str, role: str, moment: str):
    kind = KINDS[kind_name]
    today_offset, ended = MOMENTS[moment]
    with app.app_context():
        ids = _objects(world, ended)
        email = getattr(world, role).email
    url = kind.pages[AUDIENCE[role]].format(**ids)
    with freeze_time(_day(today_offset).isoformat() + " 10:00:00"):
        browser = Browser(app.test_client())
        assert browser.login(email, PASSWORD).status_code == 302
        response = _open(browser, url, kind.post)
    assert response.status_code == expected(kind, role, moment), (url, role, moment)


def test_grading_a_demonstration_ends_the_assessors_access(app, world):
    with app.app_context():
        ids = _objects(world, None)
        db.session.get(RecognitionDemonstration, ids["demo"]).grade = "3"
        db.session.commit()
    with freeze_time(_day(10).isoformat() + " 10:00:00"):
        employer = Browser(app.test_client())
        employer.login(world.employer.email)
        coach = Browser(app.test_client())
        coach.login(world.coach.email)
        url = f"/p/recognition/demonstrations/{ids['demo']}"
        assert employer.get(url).status_code == GONE
        assert coach.get(url).status_code == OK


# The project dimension (ADR 0029): the world's client, their group, placement and Check
# Point move to project B. The world's coach works only in project A: although still the
# client's responsible coach, they reach nothing of B. ``coach_b`` works in B and coaches
# the group; each project manager administers one project; the admin sees every project.
PROJECT_PAGES = {
    "client": "/clients/{client}",
    "group": "/groups/{group}",
    "group_members": "/groups/{group}/members",
    "placement": "/clients/{client}/placements/{placement}",
    "checkpoint": "/clients/{client}/checkpoints/{checkpoint}",
    "timeline": "/clients/{client}/timeline",
    "edit": "/clients/{client}/edit",
    "reviews": "/clients/{client}/reviews",
    "distance": "/clients/{client}/distance",
    "assessment_results": "/p/assessments/clients/{client}",
    "recognition_plan": "/p/recognition/clients/{client}",
    "sensitive": "/clients/{client}/sensitive",
}
#: Special-category data stays with the client's coaches and the admin (with a purpose).
NOT_SENSITIVE = {"sensitive": DENIED}
PROJECT_RULES = {
    "admin": dict.fromkeys(PROJECT_PAGES, OK),
    "coach": dict.fromkeys(PROJECT_PAGES, GONE),
    "coach_b": dict.fromkeys(PROJECT_PAGES, OK),
    # A project manager works with every record of their project, as the admin does.
    "manager_a": dict.fromkeys(PROJECT_PAGES, GONE) | NOT_SENSITIVE,
    "manager_b": dict.fromkeys(PROJECT_PAGES, OK) | NOT_SENSITIVE,
}


def _project_b(world: World) -> dict[str, int]:
    """Project B with its coach and managers; the world's client and group moved into it."""
    password = db.session.get(User, world.coach.id).password_hash
    project_a = db.session.get(Project, world.project.id)
    project_b = Project(
        organisation_id=project_a.organisation_id,
        name="B",
        period_start=project_a.period_start,
        period_end=project_a.period_end,
    )
    people = {
        name: User(email=f"{name}@example.fi", name=name, role=role, password_hash=password)
        for name, role in [
            ("coach_b", Role.COACH),
            ("manager_a", Role.PROJECT_MANAGER),
            ("manager_b", Role.PROJECT_MANAGER),
        ]
    }
    project_b.coaches = [people["coach_b"]]
    db.session.add_all([project_b, *people.values()])
    db.session.flush()
    people["manager_a"].project_id, people["manager_b"].project_id = project_a.id, project_b.id
    db.session.get(Client, world.client.id).project_id = project_b.id
    group = db.session.get(Group, world.group.id)
    group.project_id = project_b.id
    db.session.execute(
        group_coaches.insert().values(group_id=group.id, user_id=people["coach_b"].id)
    )
    checkpoint = Checkpoint(
        client_id=world.client.id, placement_id=world.placement.id, difficulty="x"
    )
    db.session.add(checkpoint)
    db.session.commit()
    for name, user in people.items():
        setattr(world, name, user)
    return {
        "client": world.client.id,
        "group": group.id,
        "placement": world.placement.id,
        "checkpoint": checkpoint.id,
    }


@pytest.mark.parametrize(
    ("role", "kind"), [(role, kind) for role in PROJECT_RULES for kind in PROJECT_PAGES]
)
def test_scoping_by_project(app, world, role: str, kind: str):
    with app.app_context():
        ids = _project_b(world)
        email = getattr(world, role).email
    browser = Browser(app.test_client())
    assert browser.login(email, PASSWORD).status_code == 302
    response = browser.get(PROJECT_PAGES[kind].format(**ids))
    assert response.status_code == PROJECT_RULES[role][kind], (role, kind)


def test_lists_and_search_keep_to_the_viewers_projects(app, world):
    with app.app_context():
        _project_b(world)
        manager_email = world.manager_b.email
    coach = Browser(app.test_client())
    coach.login(world.coach.email, PASSWORD)
    assert "Aino" not in coach.get("/clients/").get_data(as_text=True)
    assert "Ryhmä 1" not in coach.get("/groups/").get_data(as_text=True)
    manager = Browser(app.test_client())
    manager.login(manager_email, PASSWORD)
    listed = manager.get("/clients/").get_data(as_text=True)
    assert "Aino" in listed and "Eetu" not in listed


def test_a_project_manager_has_the_casework_pages_in_the_menu(app, world):
    with app.app_context():
        _project_b(world)
        email = world.manager_b.email
    manager = Browser(app.test_client())
    manager.login(email, PASSWORD)
    start = manager.get("/clients/").get_data(as_text=True)
    for path in ("/worklist", "/reports/", "/groups/"):
        assert f'href="{path}"' in start, path
    for path in ("/worklist", "/reports/", "/groups/", "/reports/distance"):
        assert manager.get(path).status_code == OK, path
