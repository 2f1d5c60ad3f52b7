"""Tagging an onboarding step with any of thousands of skill requirements: a server-side
search with pages inside the step form, without JavaScript."""

from sqlalchemy import select

from plugins.onboarding.models import OnboardingVersion
from plugins.onboarding.skill_search import PAGE
from plugins.recognition import catalog
from portal.app.extensions import db
from tests.conftest import count_queries
from tests.plugins.test_onboarding import create_model
from tests.plugins.test_recognition import HAIR, run_import


def step_url(coach, world):
    model_id = create_model(coach, world.company.id, template="")
    return f"/p/onboarding/models/{model_id}/steps/new", model_id


def test_any_requirement_can_be_found_paged_and_tagged(app, world, as_role):
    assert run_import(app, HAIR).exit_code == 0
    with app.test_request_context():
        everything = catalog.skill_requirements("", 10_000)
    assert len(everything) == 381 > 200  # more than the form used to offer
    last = everything[-1]
    coach = as_role("coach")
    url, _model = step_url(coach, world)
    first = coach.get(url).get_data(as_text=True)
    assert first.count('type="checkbox"') == PAGE and "Lisää tuloksia" in first
    assert last.ref not in first
    # Paging to the end without JavaScript: a button posts the form back, nothing is saved.
    page2 = coach.post(url, {"skill_page": "2", "title": "Kesken"}).get_data(as_text=True)
    assert 'value="Kesken"' in page2 and "Edellisiä tuloksia" in page2
    assert everything[PAGE].ref in page2
    # Searching by a word of the last requirement finds it; ticking it keeps it across searches.
    word = max(last.label["fi"].split(": ", 1)[1].split(), key=len)
    found = coach.post(url, {"skill_q": word, "skill_search": "1"}).get_data(as_text=True)
    assert last.ref in found
    again = coach.post(
        url, {"skill_q": "zzzz", "skill_search": "1", "skill_requirements": [last.ref]}
    ).get_data(as_text=True)
    assert last.ref in again and "checked" in again
    saved = coach.post(
        url,
        {
            "week": "1",
            "responsible": "supervisor",
            "title": "Viimeinen",
            "skill_requirements": [last.ref],
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[-2000:]
    with app.app_context():
        version = db.session.scalar(select(OnboardingVersion).order_by(OnboardingVersion.id.desc()))
        assert version.content["steps"][0]["skill_requirements"] == [last.ref]


def test_a_made_up_reference_is_refused(app, world, as_role):
    assert run_import(app, HAIR).exit_code == 0
    coach = as_role("coach")
    url, _model = step_url(coach, world)
    response = coach.post(
        url,
        {
            "week": "1",
            "responsible": "supervisor",
            "title": "x",
            "skill_requirements": ["tutkinnonosat_999/1"],
        },
    )
    assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)
    with app.app_context():
        steps = db.session.scalar(
            select(OnboardingVersion).order_by(OnboardingVersion.id.desc())
        ).content["steps"]
        assert all(s["title"] != "x" for s in steps)


def test_the_step_form_runs_the_same_statements_on_any_page(app, world, as_role):
    assert run_import(app, HAIR).exit_code == 0
    coach = as_role("coach")
    url, _model = step_url(coach, world)
    coach.get(url)  # shows (and so removes from the session) the message of the model's creation
    counts = []
    for page in ("1", "2", "10"):
        with count_queries(app) as queries:
            assert coach.post(url, {"skill_page": page}).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
