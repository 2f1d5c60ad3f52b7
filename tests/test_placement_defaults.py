"""A new placement's form comes with today and eight weeks on as its dates; the edit form
keeps the stored dates."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Placement


def test_a_new_placement_is_prefilled_with_usual_dates(app, as_role, world):
    coach = as_role("coach")
    page = coach.get(f"/clients/{world.client.id}/placements/new").get_data(as_text=True)
    with app.app_context():
        today = clock.today()
    assert f'value="{today.isoformat()}"' in page
    assert f'value="{(today + timedelta(weeks=8)).isoformat()}"' in page


def test_a_post_without_dates_is_still_refused(app, as_role, world):
    coach = as_role("coach")
    url = f"/clients/{world.client.id}/placements/new"
    with app.app_context():
        before = db.session.scalar(select(func.count(Placement.id)))
    answer = coach.post(
        url,
        {
            "company_id": str(world.company.id),
            "supervisor_id": "0",
            "kind": "work_trial",
            "start_date": "",
            "end_date": "",
            "part_time_percent": "100",
        },
    )
    assert answer.status_code in (200, 400, 422)
    assert 'class="error-summary"' in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Placement.id))) == before
