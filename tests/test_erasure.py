"""Erasure on request by the admin, where the funder's retention duty does not apply."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import AuditEvent, Client, FigureCount, PathwayState, Project, User
from portal.privacy.catalog import personal_tables
from portal.privacy.linkage import client_links, rows_of
from tests.support.personal import seed_every_table
from tests.support.world import set_state
from tests.test_figures_kept import _assert_kept


def _url(world) -> str:
    return f"/admin/clients/{world.client.id}/privacy"


def _count(client_id: int) -> dict[str, int]:
    metadata = db.metadata
    links = client_links(metadata)
    return {
        name: db.session.scalar(
            select(func.count())
            .select_from(metadata.tables[name])
            .where(rows_of(metadata, links, name, [client_id]))
        )
        for name in [*links, "clients"]
    }


def test_a_participant_cannot_be_erased_and_the_page_says_why(app, world, as_role):
    set_state(app, world.client.id, PathwayState.WORKPLACE_COACHING)
    admin = as_role("admin")
    page = admin.get(_url(world))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "17 artiklan 3 kohdan" in text and 'name="reason"' not in text
    response = admin.post(_url(world), {"reason": "pyyntö", "confirm": "y"}, form_url=_url(world))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Client, world.client.id) is not None


def test_the_admin_erases_a_young_person_who_never_took_part(app, world, as_role):
    with app.app_context():
        seed_every_table(world.client.id, [t.table for t in personal_tables()])
        seed_every_table(world.other_client.id, [t.table for t in personal_tables()])
        before_other = _count(world.other_client.id)
    set_state(app, world.client.id, PathwayState.REFERRED)
    admin = as_role("admin")
    assert 'name="reason"' in admin.get(_url(world)).get_data(as_text=True)
    missing = admin.post(_url(world), {"reason": "pyyntö"}, form_url=_url(world))
    assert missing.status_code == 400  # the confirmation is required
    response = admin.post(
        _url(world), {"reason": "Pyysi poistoa 3.5.", "confirm": "y"}, form_url=_url(world)
    )
    assert response.status_code == 302
    with app.app_context():
        left = {k: v for k, v in _count(world.client.id).items() if v and k != "audit_events"}
        assert left == {}
        assert _count(world.other_client.id) == before_other
        account = db.session.get(User, world.client_user.id)
        assert not account.active and account.name == "" and "@invalid" in account.email
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "client_erased"))
        assert (event.client_id, event.actor_id) == (world.client.id, world.admin.id)
        assert event.purpose == "Pyysi poistoa 3.5."
    assert admin.get(_url(world)).status_code == 404


def test_erasure_is_allowed_once_the_funder_no_longer_needs_the_records(app, world, as_role):
    set_state(app, world.client.id, PathwayState.CLOSED)
    with app.app_context():
        today = clock.today()
        project = db.session.get(Project, world.project.id)
        project.period_start = date(today.year - 15, 1, 1)
        project.period_end = date(today.year - 12, 12, 31)
        db.session.commit()
    assert 'name="reason"' in as_role("admin").get(_url(world)).get_data(as_text=True)


def test_only_the_admin_reaches_the_privacy_page(app, world, as_role):
    for role in ("coach", "employer", "client_user"):
        assert as_role(role).get(_url(world)).status_code == 403, role
    assert as_role("admin").get("/admin/clients/999999/privacy").status_code == 404


def test_a_bad_erasure_request_changes_nothing(app, world, as_role):
    set_state(app, world.client.id, PathwayState.REFERRED)
    admin = as_role("admin")
    for data in (
        {"reason": "x" * 301, "confirm": "y"},
        {"reason": "   ", "confirm": "y"},
        {"reason": '=HYPERLINK("http://evil")', "confirm": ""},
    ):
        response = admin.post(_url(world), data, form_url=_url(world))
        assert response.status_code == 400, data
        assert "error-summary" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Client, world.client.id) is not None
        assert (
            db.session.scalar(select(func.count()).where(AuditEvent.action == "client_erased")) == 0
        )


def test_an_erasure_sent_twice_erases_once(app, world, as_role):
    set_state(app, world.client.id, PathwayState.REFERRED)
    admin = as_role("admin")
    form = admin.get(_url(world)).get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', form)[1]
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)[1]
    data = {"reason": "pyyntö", "confirm": "y", "form_token": token, "csrf_token": csrf}
    assert admin.client.post(_url(world), data=data).status_code == 302
    assert admin.client.post(_url(world), data=data).status_code == 404
    with app.app_context():
        erased = select(func.count()).where(AuditEvent.action == "client_erased")
        assert db.session.scalar(erased) == 1


def test_an_erased_young_person_leaves_the_kept_counts(app, world, as_role):
    """The erasure deletes without the ORM: the dashboard's, the projects' and the checks'
    kept sums let go of the young person first (they counted them until a full rewrite)."""
    set_state(app, world.client.id, PathwayState.REFERRED)
    with app.app_context():
        _assert_kept()
        counted = db.session.scalar(
            select(func.sum(FigureCount.v1)).where(FigureCount.part == "org")
        )
    response = as_role("admin").post(
        _url(world), {"reason": "Pyysi poistoa.", "confirm": "y"}, form_url=_url(world)
    )
    assert response.status_code == 302
    with app.app_context():
        _assert_kept()
        left = db.session.scalar(select(func.sum(FigureCount.v1)).where(FigureCount.part == "org"))
        # Once in the project's sums per coach and once over every coach.
        assert left == counted - 2
