"""Distance travelled: the coach opens a round, the young person (or the coach with them)
fills it once; the young person sees only their own; the report shows the change per area
and group, never for fewer than five; employers see none of it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import DistanceRound, group_members
from portal.models.distance import AREAS
from tests.conftest import count_queries
from tests.support.world import add_group_clients


def _answers(score: int = 2) -> dict[str, str]:
    return dict.fromkeys(AREAS, str(score))


def _open(browser, client_id: int, kind: str = "entry"):
    return browser.post(f"/clients/{client_id}/distance", {"kind": kind})


def _rounds(app, client_id: int) -> list[DistanceRound]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(DistanceRound)
                .where(DistanceRound.client_id == client_id)
                .order_by(DistanceRound.id)
            )
        )


def test_the_young_person_fills_the_round_the_coach_opened(app, world, as_role):
    coach = as_role("coach")
    assert _open(coach, world.client.id).status_code == 302
    (item,) = _rounds(app, world.client.id)
    young = as_role("client_user")
    page = young.get("/my/distance").get_data(as_text=True)
    assert f"/my/distance/{item.id}" in page
    form = young.get(f"/my/distance/{item.id}").get_data(as_text=True)
    assert (
        form.count("<fieldset") == len(AREAS)
        and "<svg" in form
        and "http"
        not in form.split("<main")[-1].split("</main>")[0].replace("http://www.w3.org/2000/svg", "")
    )
    assert young.post(f"/my/distance/{item.id}", _answers(3)).status_code == 302
    (item,) = _rounds(app, world.client.id)
    assert item.completed_at and item.filled_by == "client" and item.daily_routine == 3
    mine = young.get("/my/distance").get_data(as_text=True)
    assert "3 – " in mine


def test_the_coach_records_the_answers_with_the_young_person(app, world, as_role):
    coach = as_role("coach")
    _open(coach, world.client.id)
    (item,) = _rounds(app, world.client.id)
    url = f"/clients/{world.client.id}/distance/{item.id}"
    assert coach.post(url, _answers(1)).status_code == 302
    (item,) = _rounds(app, world.client.id)
    assert item.filled_by == "coach" and item.job_search == 1


@pytest.mark.parametrize(
    "bad",
    [
        {},
        dict.fromkeys(AREAS, "5"),
        dict.fromkeys(AREAS, "0"),
        dict.fromkeys(AREAS, "=1+1"),
        dict.fromkeys(AREAS, "<script>"),
        dict.fromkeys(AREAS, "9" * 40),
        {**dict.fromkeys(AREAS, "2"), "money": ""},
    ],
)
def test_bad_answers_change_nothing(app, world, as_role, bad):
    coach = as_role("coach")
    _open(coach, world.client.id)
    (item,) = _rounds(app, world.client.id)
    young = as_role("client_user")
    response = young.post(f"/my/distance/{item.id}", bad)
    assert response.status_code in (200, 400)
    assert 'class="error-summary"' in response.get_data(as_text=True)
    (after,) = _rounds(app, world.client.id)
    assert after.completed_at is None and after.money is None


def test_rounds_follow_the_rules(app, world, as_role):
    coach = as_role("coach")
    assert _open(coach, world.client.id, "entry").status_code == 302
    # one open of a kind at a time
    assert _open(coach, world.client.id, "entry").status_code == 400
    (item,) = _rounds(app, world.client.id)
    young = as_role("client_user")
    young.post(f"/my/distance/{item.id}", _answers())
    # filled once
    again = young.post(f"/my/distance/{item.id}", _answers(4))
    assert again.status_code != 302 or _rounds(app, world.client.id)[0].daily_routine == 2
    assert _rounds(app, world.client.id)[0].daily_routine == 2
    # entry once; unknown kinds refused
    assert _open(coach, world.client.id, "entry").status_code == 400
    assert _open(coach, world.client.id, "yearly").status_code == 400
    assert _open(coach, world.client.id, "checkpoint").status_code == 302
    assert len(_rounds(app, world.client.id)) == 2


def test_nobody_else_sees_or_fills_a_round(app, world, as_role):
    coach = as_role("coach")
    _open(coach, world.client.id)
    (item,) = _rounds(app, world.client.id)
    other = as_role("other_coach")
    assert other.get(f"/clients/{world.client.id}/distance").status_code == 404
    assert other.get(f"/clients/{world.client.id}/distance/{item.id}").status_code == 404
    assert coach.get(f"/clients/{world.other_client.id}/distance/{item.id}").status_code == 404
    employer = as_role("employer")
    for url in (
        f"/clients/{world.client.id}/distance",
        f"/my/distance/{item.id}",
        "/my/distance",
        "/reports/distance",
        "/reports/quality/",
        "/reports/compare/",
    ):
        assert employer.get(url).status_code == 403, url
    young = as_role("client_user")
    assert young.get(f"/clients/{world.client.id}/distance").status_code == 403
    assert young.get("/reports/distance").status_code == 403
    assert young.get(f"/my/distance/{item.id + 1}").status_code == 404


def _completed(app, client_ids, first: int, last: int) -> None:
    with app.app_context():
        now = clock.utcnow()
        for cid in client_ids:
            for i, score in enumerate((first, last)):
                db.session.add(
                    DistanceRound(
                        client_id=cid,
                        kind="entry" if i == 0 else "exit",
                        opened_on=clock.today(),
                        completed_at=now + timedelta(minutes=i),
                        filled_by="client",
                        **dict.fromkeys(AREAS, score),
                    )
                )
        db.session.commit()


def test_the_report_shows_the_change_and_hides_small_groups(app, world, as_role):
    ids = add_group_clients(app, world, 6)
    _completed(app, ids, 1, 3)
    admin = as_role("admin")
    html = admin.get("/reports/distance").get_data(as_text=True)
    row = re.search(r'<tr data-area="money">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", row) == ["1.0", "3.0", "+2.0"]
    # the other coach has one young person with two rounds: not shown
    _completed(app, [world.other_client.id], 4, 1)
    other = as_role("other_coach").get("/reports/distance").get_data(as_text=True)
    row = re.search(r'<tr data-area="money">(.*?)</tr>', other, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", row) == ["–", "–", "–"]
    assert "&lt;5" in other


def test_the_report_runs_a_fixed_number_of_statements(app, world, as_role):
    admin = as_role("admin")

    def statements():
        with count_queries(app) as seen:
            assert admin.get("/reports/distance").status_code == 200
        return len(seen)

    _completed(app, add_group_clients(app, world, 5), 2, 3)
    small = statements()
    _completed(app, add_group_clients(app, world, 80), 1, 4)
    assert statements() == small
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(group_members)) >= 85
