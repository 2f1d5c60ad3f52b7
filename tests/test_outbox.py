"""The admin's outbox never shows a live secret link, and "send a new link" mails a fresh one
to the recipient only, stopping the old one: invitations, review links and the assessments
plugin's links (through portal_link_resenders)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.app.extensions import db
from portal.models import AuditEvent, OutboxMessage, Placement
from tests.conftest import Browser
from tests.test_auth import _invite

TOKEN = re.compile(r"/(?:invitation|a|confirm)/([A-Za-z0-9_-]{43})")


def _messages(app) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _token(message: OutboxMessage) -> str:
    return TOKEN.search(message.body).group(1)


def test_the_outbox_shows_no_live_token(app, as_role):
    admin = as_role("admin")
    _invite(app, admin)
    token = _token(_messages(app)[-1])
    page = admin.get("/admin/outbox").get_data(as_text=True)
    assert token not in page and token[:16] not in page
    assert "/invitation/••••••" in page
    assert "new.coach@example.fi" in page


def test_resending_an_invitation_mails_a_fresh_link_and_stops_the_old(app, as_role):
    admin = as_role("admin")
    old_path = _invite(app, admin)
    first = _messages(app)[-1]
    response = admin.post(f"/admin/outbox/{first.id}/resend", form_url="/admin/outbox")
    assert response.status_code == 302
    messages = _messages(app)
    assert len(messages) == 2
    fresh = messages[-1]
    assert fresh.recipient == first.recipient and _token(fresh) != _token(first)
    visitor = Browser(app.test_client())
    assert visitor.get(old_path).status_code == 400
    assert visitor.get(f"/invitation/{_token(fresh)}").status_code == 200
    page = admin.get("/admin/outbox").get_data(as_text=True)
    assert _token(fresh) not in page
    assert "Uusi linkki lähetettiin osoitteeseen new.coach@example.fi." in page
    with app.app_context():
        assert db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "outbox.resend")
        )


def test_an_invitation_already_taken_into_use_is_not_resent(app, as_role):
    admin = as_role("admin")
    path = _invite(app, admin)
    good = "kolme kirjaa ja kahvikuppi"
    Browser(app.test_client()).post(path, {"password": good, "confirm": good})
    message = _messages(app)[-1]
    response = admin.post(f"/admin/outbox/{message.id}/resend", form_url="/admin/outbox")
    assert response.status_code == 302
    assert len(_messages(app)) == 1


def test_only_the_admin_may_resend(app, as_role):
    _invite(app, as_role("admin"))
    message = _messages(app)[-1]
    coach = as_role("coach")
    assert coach.post(f"/admin/outbox/{message.id}/resend", form_url="/").status_code == 403
    assert len(_messages(app)) == 1


def test_hook_portal_link_resenders(app, world, as_role):
    """The assessments plugin resends its own links through the hook."""
    from plugins.assessments import links, services
    from portal.models import Client

    with app.test_request_context():
        client = db.session.get(Client, world.client.id)
        placement = db.session.get(Placement, world.placement.id)
        item = services.ask_for(client, placement, "working_life_skills", "extra")
        item = db.session.scalar(
            services.with_people(select(type(item))).where(type(item).id == item.id)
        )
        links.create(item, "ohjaaja@example.fi", db.session.get(type(world.coach), world.coach.id))
    first = _messages(app)[-1]
    old = _token(first)
    admin = as_role("admin")
    assert old not in admin.get("/admin/outbox").get_data(as_text=True)
    admin.post(f"/admin/outbox/{first.id}/resend", form_url="/admin/outbox")
    fresh = _messages(app)[-1]
    assert fresh.id != first.id and fresh.recipient == "ohjaaja@example.fi"
    visitor = Browser(app.test_client())
    assert visitor.get(f"/p/assessments/a/{old}").status_code == 410
    assert visitor.get(f"/p/assessments/a/{_token(fresh)}").status_code == 200


def test_resending_a_review_link_stops_the_old_one(app, world, as_role):
    from tests.test_reviews import _held_review

    coach = as_role("coach")
    review_id = _held_review(coach, world)
    base = f"/clients/{world.client.id}/reviews/{review_id}"
    coach.post(f"{base}/link", {"email": "veikko@example.fi"}, form_url=base)
    first = _messages(app)[-1]
    old = _token(first)
    admin = as_role("admin")
    assert old not in admin.get("/admin/outbox").get_data(as_text=True)
    admin.post(f"/admin/outbox/{first.id}/resend", form_url="/admin/outbox")
    fresh = _messages(app)[-1]
    assert fresh.id != first.id and fresh.recipient == "veikko@example.fi"
    visitor = Browser(app.test_client())
    assert visitor.get(f"/reviews/confirm/{old}").status_code == 410
    assert visitor.get(f"/reviews/confirm/{_token(fresh)}").status_code == 200
