"""Tripartite reviews through HTTP: scheduled, held, confirmed by each party, on the worklist."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.hooks.markers import hookimpl
from portal.hooks.types import AgendaItem
from portal.models import (
    AuditEvent,
    Client,
    ContactNote,
    Placement,
    Review,
    ReviewAction,
    ReviewLink,
)
from portal.pathway.risks import no_recent_contact
from tests.conftest import Browser, World, count_queries, set_state

TODAY = clock.today()


def in_english(browser):
    """The pages in English (the default language is Finnish)."""
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return browser


def _started_weeks_ago(app, world, weeks: int) -> None:
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        placement.start_date = TODAY - timedelta(weeks=weeks)
        db.session.commit()


def _schedule(coach, world, on=None) -> int:
    url = f"/clients/{world.client.id}/reviews/new/{world.placement.id}"
    response = coach.post(url, {"scheduled_on": (on or TODAY).isoformat()})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/reviews/(\d+)$", response.headers["Location"])[1])


def _version(page: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', page)[1]


def _hold(coach, world, review_id, **fields):
    url = f"/clients/{world.client.id}/reviews/{review_id}"
    page = coach.get(url).get_data(as_text=True)
    data = {
        "held_on": TODAY.isoformat(),
        "agenda": "- Perehdytys",
        "notes": "Sovittiin trukkikortin harjoittelusta.",
        "difficulties": "Aamuisin myöhästelyä",
        "coach_notes": "Uniongelmat, kysy lääkäristä",
        "version": _version(page),
        **fields,
    }
    return coach.post(url, data)


def _held_review(coach, world) -> int:
    review_id = _schedule(coach, world)
    assert _hold(coach, world, review_id).status_code == 302
    return review_id


def test_a_review_is_scheduled_held_confirmed_and_its_action_reaches_the_worklist(
    app, as_role, world
):
    coach, young = in_english(as_role("coach")), in_english(as_role("client_user"))
    supervisor = as_role("employer")
    base = f"/clients/{world.client.id}/reviews"
    # Ten days into the placement, the first review (after 4 weeks) is not due yet.
    assert "review due" not in coach.get("/worklist").get_data(as_text=True)
    _started_weeks_ago(app, world, 3)  # due within a week now
    assert "review due" in coach.get("/worklist").get_data(as_text=True)
    review_id = _schedule(coach, world, TODAY + timedelta(days=3))
    worklist = coach.get("/worklist").get_data(as_text=True)
    assert f"{base}/{review_id}" in worklist and "review due" not in worklist
    assert _hold(coach, world, review_id).status_code == 302
    action = coach.post(
        f"{base}/{review_id}/actions",
        {"description": "Soita työpaikalle", "owner": "coach", "due_date": TODAY.isoformat()},
        form_url=f"{base}/{review_id}",
    )
    assert action.status_code == 302
    worklist = coach.get("/worklist").get_data(as_text=True)
    assert "Soita työpaikalle" in worklist  # the coach's action is due today
    assert "young person has not confirmed" in worklist

    # The young person reads the record on their own pages and confirms it.
    start = young.get("/").get_data(as_text=True)
    assert f"/my/reviews/{review_id}" in start and "Read and confirm the review" in start
    own = young.get(f"/my/reviews/{review_id}").get_data(as_text=True)
    assert "Sovittiin trukkikortin harjoittelusta." in own and "Uniongelmat" not in own
    confirmed = young.post(
        f"/my/reviews/{review_id}/confirm", {}, form_url=f"/my/reviews/{review_id}"
    )
    assert confirmed.status_code == 302

    # The supervisor confirms through a single-use link; a second use is refused.
    made = coach.post(f"{base}/{review_id}/link", {"email": ""}, form_url=f"{base}/{review_id}")
    assert made.status_code == 302
    page = coach.get(f"{base}/{review_id}").get_data(as_text=True)
    token = re.search(r"/reviews/confirm/([\w-]+)", page)[1]
    link_page = supervisor.get(f"/reviews/confirm/{token}")
    html = link_page.get_data(as_text=True)
    assert link_page.status_code == 200 and "Sovittiin" in html and "Uniongelmat" not in html
    with app.app_context():
        read = db.session.scalar(
            select(AuditEvent).where(AuditEvent.object_type == "reviews.by_link")
        )
        assert (read.client_id, read.object_id, read.purpose) == (
            world.client.id,
            review_id,
            "workplace_supervision",
        )
    done = supervisor.post(f"/reviews/confirm/{token}", {"name": "Veikko Varasto"})
    assert done.status_code == 200
    again = supervisor.post(f"/reviews/confirm/{token}", {"name": "Joku Muu"})
    assert again.status_code == 410
    with app.app_context():
        review = db.session.get(Review, review_id)
        assert review.client_confirmed_by_id == world.client_user.id
        assert review.supervisor_confirmed_name == "Veikko Varasto"
        assert review.confirmed
        link = db.session.scalar(select(ReviewLink))
        assert token not in link.token_hash and len(link.token_hash) == 64
    worklist = coach.get("/worklist").get_data(as_text=True)
    assert "has not confirmed" not in worklist and "Soita työpaikalle" in worklist
    # The record is fixed once confirmed: actions may still be added and marked done.
    assert "Muutettu" not in coach.get(f"{base}/{review_id}").get_data(as_text=True)
    with app.app_context():
        version = str(db.session.get(Review, review_id).version)
    changed = coach.post(
        f"{base}/{review_id}",
        {"held_on": TODAY.isoformat(), "notes": "Muutettu", "version": version},
        form_url=f"{base}/{review_id}",
    )
    assert changed.status_code == 400
    with app.app_context():
        assert db.session.get(Review, review_id).notes == "Sovittiin trukkikortin harjoittelusta."
    with app.app_context():
        action_id = db.session.scalar(select(ReviewAction.id))
    coach.post(f"{base}/{review_id}/actions/{action_id}/done", {}, form_url=f"{base}/{review_id}")
    assert "Soita työpaikalle" not in coach.get("/worklist").get_data(as_text=True)


def test_the_supervisor_confirms_on_the_trainee_page(app, as_role, world):
    review_id = _held_review(as_role("coach"), world)
    supervisor = as_role("employer")
    detail = supervisor.get(f"/trainees/{world.client.id}").get_data(as_text=True)
    assert f"/trainees/{world.client.id}/reviews/{review_id}" in detail
    url = f"/trainees/{world.client.id}/reviews/{review_id}"
    page = supervisor.get(url).get_data(as_text=True)
    assert "Aamuisin myöhästelyä" in page and "Uniongelmat" not in page
    assert supervisor.post(f"{url}/confirm", {}, form_url=url).status_code == 302
    with app.app_context():
        review = db.session.get(Review, review_id)
        assert review.supervisor_confirmed_by_id == world.employer.id
        assert not review.confirmed  # the young person has not confirmed yet


def test_roles_see_only_their_own_reviews(app, as_role, world):
    review_id = _held_review(as_role("coach"), world)
    assert (
        as_role("other_coach").get(f"/clients/{world.client.id}/reviews/{review_id}").status_code
        == 404
    )
    assert as_role("other_coach").get(f"/clients/{world.client.id}/reviews").status_code == 404
    other_supervisor = as_role("other_employer")
    assert (
        other_supervisor.get(f"/trainees/{world.client.id}/reviews/{review_id}").status_code == 404
    )
    assert (
        other_supervisor.post(
            f"/trainees/{world.client.id}/reviews/{review_id}/confirm", {}, form_url="/"
        ).status_code
        == 404
    )
    # A review of another client is not the young person's.
    with app.app_context():
        other = Review(
            client_id=world.other_client.id,
            placement_id=world.other_placement.id,
            scheduled_on=TODAY,
            held_on=TODAY,
            notes="Eetun arvio",
        )
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    young = as_role("client_user")
    assert young.get(f"/my/reviews/{other_id}").status_code == 404
    assert young.post(f"/my/reviews/{other_id}/confirm", {}, form_url="/").status_code == 404
    assert as_role("coach").get(f"/clients/{world.client.id}/reviews/{other_id}").status_code == 404
    # Employers and young people never reach the coach's pages.
    assert as_role("employer").get(
        f"/clients/{world.client.id}/reviews/{review_id}"
    ).status_code in (403, 404)
    assert young.get(f"/clients/{world.client.id}/reviews/{review_id}").status_code in (403, 404)


def test_an_expired_or_unknown_link_answers_410_and_stores_nothing(app, as_role, world):
    coach = as_role("coach")
    review_id = _held_review(coach, world)
    base = f"/clients/{world.client.id}/reviews/{review_id}"
    coach.post(f"{base}/link", {"email": "veikko@example.fi"}, form_url=base)
    page = coach.get(base).get_data(as_text=True)
    token = re.search(r"/reviews/confirm/([\w-]+)", page)[1]
    with app.app_context():
        link = db.session.scalar(select(ReviewLink))
        link.expires_at = clock.utcnow() - timedelta(minutes=1)
        db.session.commit()
    anonymous = Browser(app.test_client())
    assert anonymous.get(f"/reviews/confirm/{token}").status_code == 410
    assert anonymous.post(f"/reviews/confirm/{token}", {"name": "X"}).status_code == 410
    assert anonymous.get("/reviews/confirm/not-a-token").status_code == 410
    with app.app_context():
        review = db.session.get(Review, review_id)
        assert review.supervisor_confirmed_at is None
        assert db.session.scalar(select(ReviewLink.used_at)) is None


def test_refused_dates_store_nothing(app, as_role, world):
    coach = as_role("coach")
    url = f"/clients/{world.client.id}/reviews/new/{world.placement.id}"
    for day in (TODAY - timedelta(days=1), TODAY + timedelta(days=200)):
        assert coach.post(url, {"scheduled_on": day.isoformat()}).status_code == 400
    review_id = _schedule(coach, world)
    assert coach.post(url, {"scheduled_on": TODAY.isoformat()}).status_code == 400  # one pending
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    before_start = (world.placement.start_date - timedelta(days=1)).isoformat()
    assert _hold(coach, world, review_id, held_on=tomorrow).status_code == 400
    assert _hold(coach, world, review_id, held_on=before_start).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Review.id))) == 1
        assert db.session.get(Review, review_id).held_on is None


def test_the_agenda_gathers_open_actions_and_plugin_points(app, as_role, world):
    coach = in_english(as_role("coach"))
    first = _held_review(coach, world)
    base = f"/clients/{world.client.id}/reviews"
    coach.post(
        f"{base}/{first}/actions",
        {"description": "Hae hygieniapassi", "owner": "client", "due_date": TODAY.isoformat()},
        form_url=f"{base}/{first}",
    )
    with app.app_context():
        db.session.get(Review, first).held_on = TODAY - timedelta(days=1)
        db.session.commit()
    second = _schedule(coach, world)
    page = coach.get(f"{base}/{second}").get_data(as_text=True)
    assert "Open action from the review of" in page and "Hae hygieniapassi" in page
    # The agenda text is filled in for the coach to edit.
    assert re.search(r"<textarea[^>]*agenda[^>]*>\s*- Open action", page)


class AgendaPlugin:
    """Answers one good point, one coaches-only point and one of the wrong type."""

    @hookimpl
    def portal_review_agenda(self, placement, since):
        return [
            AgendaItem("test:good", f"Tavoitteet {placement.id} {since.isoformat()}"),
            AgendaItem("test:staff", "Vain valmentajille", staff_only=True),
            AgendaItem("test:bad", "Väärin", order="first"),
        ]


def test_hook_portal_review_agenda(make_app):
    app = make_app(PORTAL_EXTRA_PLUGINS={"agenda_test": AgendaPlugin()})
    with app.app_context():
        world = World()
    coach = Browser(app.test_client())
    coach.login(world.coach.email)
    review_id = _schedule(coach, world)
    page = coach.get(f"/clients/{world.client.id}/reviews/{review_id}").get_data(as_text=True)
    start = world.placement.start_date.isoformat()
    assert f"Tavoitteet {world.placement.id} {start}" in page  # since: the placement's start
    assert "Vain valmentajille" in page and "Väärin" not in page
    agenda = re.search(r"<textarea[^>]*agenda[^>]*>(.*?)</textarea>", page, re.S)[1]
    assert "Tavoitteet" in agenda and "Vain valmentajille" not in agenda


def test_a_review_opens_a_check_point_with_the_difficulty_filled_in(app, as_role, world):
    coach = as_role("coach")
    review_id = _held_review(coach, world)
    url = f"/clients/{world.client.id}/reviews/{review_id}/checkpoint"
    set_state(app, world.client.id, "workplace_coaching")
    page = coach.get(url).get_data(as_text=True)
    assert "Aamuisin myöhästelyä" in page
    assert f'action="/clients/{world.client.id}/checkpoints/new"' in page
    set_state(app, world.client.id, "attitude_training")
    assert coach.get(url).status_code == 404


def test_a_held_review_counts_as_contact(app, world):
    with app.app_context():
        client = db.session.get(Client, world.client.id)
        client.state = "workplace_coaching"
        client.created_at = clock.utcnow() - timedelta(days=60)
        db.session.add(
            ContactNote(
                client_id=client.id, on=TODAY - timedelta(days=30), channel="phone", summary="x"
            )
        )
        db.session.commit()
        ids = select(Client.id).where(Client.id == client.id)
        assert [s.client_id for s in no_recent_contact(ids, TODAY)] == [client.id]
        db.session.add(
            Review(
                client_id=client.id,
                placement_id=world.placement.id,
                scheduled_on=TODAY - timedelta(days=3),
                held_on=TODAY - timedelta(days=3),
                notes="Pidetty",
            )
        )
        db.session.commit()
        assert no_recent_contact(ids, TODAY) == []


def test_review_pages_run_a_fixed_number_of_statements(app, as_role, world):
    coach, young, supervisor = as_role("coach"), as_role("client_user"), as_role("employer")
    review_id = _held_review(coach, world)
    base = f"/clients/{world.client.id}/reviews/{review_id}"
    pages = [
        (coach, base),
        (coach, f"/clients/{world.client.id}/reviews"),
        (young, f"/my/reviews/{review_id}"),
        (supervisor, f"/trainees/{world.client.id}/reviews/{review_id}"),
    ]

    def counts():
        result = []
        for browser, url in pages:
            with count_queries(app) as statements:
                assert browser.get(url).status_code == 200, url
            result.append(len(statements))
        return result

    counts()  # the first round shows (and so removes from the session) the messages of the posts
    small = counts()
    for n in range(5):
        coach.post(
            f"{base}/actions",
            {"description": f"Toimi {n}", "owner": "supervisor", "due_date": TODAY.isoformat()},
            form_url=base,
        )
    assert counts() == small


def test_demo_data_has_a_review_done_and_one_due(app):
    from portal.demo.data import load_demo_data

    with app.app_context():
        load_demo_data(TODAY)
        reviews = db.session.scalars(select(Review).order_by(Review.scheduled_on)).all()
        assert [(r.held_on is not None, r.scheduled_on) for r in reviews] == [
            (True, TODAY - timedelta(days=3)),
            (False, TODAY + timedelta(days=3)),
        ]
        assert reviews[0].supervisor_confirmed_at and not reviews[0].client_confirmed_at
