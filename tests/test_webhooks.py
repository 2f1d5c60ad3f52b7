"""Webhooks: made by the admin, told of events about the young people their account sees,
signed, tried again with a growing wait, listed with their answers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.integrations import delivery, webhooks
from portal.models import (
    AuditEvent,
    Client,
    FollowUp,
    Placement,
    User,
    Webhook,
    WebhookDelivery,
)
from portal.pathway import placements
from tests.conftest import count_queries
from tests.support.receiver import serve

EVENTS = ["placement.started", "placement.ended", "outcome.recorded", "follow_up.due"]


@pytest.fixture
def receiver():
    yield from serve()


def _webhook(app, receiver, user_id: int, events=EVENTS) -> int:
    with app.app_context():
        user = db.session.get(User, user_id)
        made = webhooks.make("Kaupungin asiakkuusjärjestelmä", receiver.url, user, events, user)
        receiver.secret = made.secret
        return made.webhook.id


def _start_placement(app, world, client_id: int, company_id: int) -> int:
    with app.app_context():
        client = db.session.get(Client, client_id)
        coach = db.session.get(User, world.coach.id)
        today = clock.today()
        data = placements.PlacementData(
            company_id=company_id,
            supervisor_id=None,
            kind="workplace_coaching",
            start_date=today + timedelta(days=70),
            end_date=today + timedelta(days=120),
        )
        return placements.create(client, data, coach).id


def _deliveries(app) -> list[WebhookDelivery]:
    with app.app_context():
        found = list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))
        db.session.expunge_all()
        return found


def test_the_admin_makes_a_webhook_and_a_placement_start_reaches_it_signed(
    app, world, as_role, receiver
):
    admin = as_role("admin")
    form = {
        "name": "Kaupungin asiakkuusjärjestelmä",
        "url": receiver.url,
        "account": world.coach.email,
        "events": ["placement.started"],
    }
    made = admin.post("/admin/webhooks/new", form)
    assert made.status_code == 200
    receiver.secret = re.search(r'id="secret" class="secret" value="([^"]+)"', made.text).group(1)
    assert receiver.secret.startswith("whsec_")
    placement_id = _start_placement(app, world, world.client.id, world.company.id)

    [message] = receiver.received
    assert message.signed
    body = message.json
    assert body["type"] == "placement.started"
    assert body["data"]["client_id"] == world.client.id
    assert body["data"]["placement_id"] == placement_id
    assert body["data"]["company_id"] == world.company.id
    assert "Aino" not in message.body.decode() and "Virtanen" not in message.body.decode()
    assert message.headers["webhook-id"] == body["id"]
    [sent] = _deliveries(app)
    assert sent.delivered_at is not None and sent.last_status == 200 and sent.attempts == 1

    with app.app_context():
        webhook_id = db.session.scalar(select(Webhook.id))
        assert "webhook.create" in set(db.session.scalars(select(AuditEvent.action)))
    listing = admin.get("/admin/webhooks/").text
    assert "Kaupungin asiakkuusjärjestelmä" in listing and receiver.secret not in listing
    shown = admin.get(f"/admin/webhooks/{webhook_id}").text
    assert body["id"] in shown and receiver.secret not in shown


def test_a_failed_message_is_tried_again_later_with_the_same_id_and_a_new_signature(
    app, world, receiver
):
    receiver.answers = [503, 500, 200]
    _webhook(app, receiver, world.coach.id)
    start = clock.utcnow()
    _start_placement(app, world, world.client.id, world.company.id)
    [waiting] = _deliveries(app)
    assert waiting.delivered_at is None and waiting.last_status == 503
    assert waiting.last_response == "not now"
    first_wait = clock.aware(waiting.next_attempt_at) - start
    assert timedelta(seconds=50) < first_wait < timedelta(minutes=2)

    with app.app_context():
        assert delivery.send_due() == (0, 0)  # not due yet
    with freeze_time(start + timedelta(minutes=2)), app.app_context():
        assert delivery.send_due() == (1, 0)
    [again] = _deliveries(app)
    second_wait = clock.aware(again.next_attempt_at) - (start + timedelta(minutes=2))
    assert again.attempts == 2 and timedelta(minutes=4) < second_wait <= timedelta(minutes=5)
    with freeze_time(start + timedelta(minutes=8)), app.app_context():
        result = app.test_cli_runner().invoke(args=["webhooks", "deliver"])
    assert "1 of 1 delivered" in result.output
    [done] = _deliveries(app)
    assert done.attempts == 3 and done.delivered_at is not None and done.next_attempt_at is None
    ids = {m.headers["webhook-id"] for m in receiver.received}
    stamps = {m.headers["webhook-timestamp"] for m in receiver.received}
    assert len(receiver.received) == 3 and len(ids) == 1 and len(stamps) == 3
    assert all(m.signed for m in receiver.received)


def test_a_message_is_given_up_after_the_last_wait_and_the_admin_sends_it_again(
    app, world, as_role, receiver
):
    receiver.answers = [500]
    webhook_id = _webhook(app, receiver, world.coach.id)
    start = clock.utcnow()
    _start_placement(app, world, world.client.id, world.company.id)
    minutes = 0
    for wait in app.config["WEBHOOK_RETRY_MINUTES"]:
        minutes += wait
        with freeze_time(start + timedelta(minutes=minutes, seconds=1)), app.app_context():
            delivery.send_due()
    [given_up] = _deliveries(app)
    waits = len(app.config["WEBHOOK_RETRY_MINUTES"])
    assert given_up.attempts == waits + 1 and given_up.given_up_at is not None
    assert given_up.next_attempt_at is None

    admin = as_role("admin")
    page = admin.get(f"/admin/webhooks/{webhook_id}").text
    assert "Send again" in page or "Lähetä uudelleen" in page
    receiver.answers = [200]
    url = f"/admin/webhooks/{webhook_id}/messages/{given_up.id}/again"
    assert admin.post(url, {}, form_url=f"/admin/webhooks/{webhook_id}").status_code == 302
    [sent] = _deliveries(app)
    assert sent.delivered_at is not None and sent.attempts == waits + 2


def test_only_the_young_people_the_account_sees_are_told_of(app, world, receiver):
    _webhook(app, receiver, world.other_coach.id)
    _start_placement(app, world, world.client.id, world.company.id)
    assert receiver.received == [] and _deliveries(app) == []
    _start_placement(app, world, world.other_client.id, world.other_company.id)
    assert [m.json["data"]["client_id"] for m in receiver.received] == [world.other_client.id]


def test_an_employer_s_webhook_hears_of_its_own_company_s_placements_only(app, world, receiver):
    _webhook(app, receiver, world.employer.id, ["placement.started"])
    _start_placement(app, world, world.other_client.id, world.other_company.id)
    assert receiver.received == []
    _start_placement(app, world, world.client.id, world.company.id)
    [message] = receiver.received
    assert message.json["data"]["company_id"] == world.company.id


def test_a_stopped_webhook_is_told_nothing_and_its_waiting_messages_are_not_sent(
    app, world, as_role, receiver
):
    receiver.answers = [500]
    webhook_id = _webhook(app, receiver, world.coach.id)
    _start_placement(app, world, world.client.id, world.company.id)
    admin = as_role("admin")
    page = f"/admin/webhooks/{webhook_id}"
    stopped = admin.post(f"{page}/stop", {"confirmed": "yes"}, form_url=page)
    assert stopped.status_code == 302
    [message] = _deliveries(app)
    assert message.given_up_at is not None and message.next_attempt_at is None
    with freeze_time(clock.utcnow() + timedelta(days=1)), app.app_context():
        assert delivery.send_due() == (0, 0)
    _start_placement(app, world, world.other_client.id, world.other_company.id)
    assert len(receiver.received) == 1 and len(_deliveries(app)) == 1


def test_a_redirect_or_no_answer_is_a_failure_recorded_not_an_error(app, world, receiver):
    receiver.answers = [302]
    _webhook(app, receiver, world.coach.id)
    _start_placement(app, world, world.client.id, world.company.id)
    [redirected] = _deliveries(app)
    assert redirected.last_status == 302 and redirected.delivered_at is None
    assert len(receiver.received) == 1  # not followed

    with app.app_context():
        webhook = db.session.scalar(select(Webhook))
        webhook.url = "http://127.0.0.1:9/nobody-listens"
        db.session.commit()
    with freeze_time(clock.utcnow() + timedelta(minutes=2)), app.app_context():
        assert delivery.send_due() == (1, 0)
    [unanswered] = _deliveries(app)
    assert unanswered.last_status is None and unanswered.last_error
    assert unanswered.attempts == 2


def test_a_message_is_sent_by_one_sender_at_a_time(app, world, receiver):
    receiver.answers = [500]
    _webhook(app, receiver, world.coach.id)
    _start_placement(app, world, world.client.id, world.company.id)
    [message] = _deliveries(app)
    later = clock.utcnow() + timedelta(minutes=2)
    with freeze_time(later), app.app_context():
        until = clock.utcnow() + delivery.LEASE
        assert delivery._claim(message.id, clock.utcnow(), until) is not None
        assert delivery._claim(message.id, clock.utcnow(), until) is None  # another has it
        assert delivery.send(message.id) is False
    assert len(receiver.received) == 1


def test_a_follow_up_falling_due_is_announced_once(app, world, receiver):
    _webhook(app, receiver, world.coach.id, ["follow_up.due"])
    today = clock.today()
    with app.app_context():
        db.session.add_all(
            [
                FollowUp(client_id=world.client.id, months=3, due_date=today),
                FollowUp(client_id=world.client.id, months=6, due_date=today + timedelta(days=90)),
                FollowUp(client_id=world.other_client.id, months=3, due_date=today),
            ]
        )
        db.session.commit()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["webhooks", "follow-ups-due"]).exit_code == 0
    assert runner.invoke(args=["webhooks", "follow-ups-due"]).exit_code == 0
    [message] = receiver.received
    assert message.json["type"] == "follow_up.due"
    assert message.json["data"]["client_id"] == world.client.id
    assert message.json["data"]["due_date"] == today.isoformat()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "ftp://example.org/polku"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://user:secret@example.org/polku"}, "url"),
        ({"url": "https://"}, "url"),
        ({"url": "https://example.org/" + "a" * 2001}, "url"),
        ({"account": "client@example.fi"}, "account"),
        ({"account": "nobody@example.fi"}, "account"),
        ({"events": []}, "events"),
        ({"events": ["everything"]}, "events"),
        ({"name": ""}, "name"),
    ],
)
def test_a_webhook_with_a_wrong_field_is_refused_at_that_field(app, world, as_role, change, field):
    form = {
        "name": "Järjestelmä",
        "url": "https://example.org/polku",
        "account": world.coach.email,
        "events": ["placement.started"],
        **change,
    }
    page = as_role("admin").post("/admin/webhooks/new", form)
    assert page.status_code == 200
    assert f'id="{field}-error"' in page.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Webhook.id))) == 0


def test_plain_http_is_refused_where_it_is_not_allowed(app, world, as_role):
    app.config["WEBHOOKS_ALLOW_HTTP"] = False
    form = {
        "name": "Järjestelmä",
        "url": "http://example.org/polku",
        "account": world.coach.email,
        "events": ["placement.started"],
    }
    page = as_role("admin").post("/admin/webhooks/new", form)
    assert 'id="url-error"' in page.text


def test_a_form_sent_twice_makes_one_webhook(app, world, as_role):
    admin = as_role("admin")
    form = admin._form_or_token("/admin/webhooks/new", action="/admin/webhooks/new")
    form |= {
        "name": "Järjestelmä",
        "url": "https://example.org/polku",
        "account": world.coach.email,
        "events": ["placement.started"],
    }
    assert admin.post("/admin/webhooks/new", form).status_code == 200
    assert admin.post("/admin/webhooks/new", form).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Webhook.id))) == 1


def test_only_the_admin_manages_webhooks(app, world, as_role, receiver):
    webhook_id = _webhook(app, receiver, world.coach.id)
    for role in ("coach", "employer", "client_user"):
        browser = as_role(role)
        assert browser.get("/admin/webhooks/").status_code in (403, 404)
        assert browser.get(f"/admin/webhooks/{webhook_id}").status_code in (403, 404)


def test_a_message_of_another_webhook_is_not_found_under_this_one(app, world, as_role, receiver):
    receiver.answers = [500]
    first = _webhook(app, receiver, world.coach.id)
    second = _webhook(app, receiver, world.other_coach.id)
    _start_placement(app, world, world.client.id, world.company.id)
    [message] = _deliveries(app)
    admin = as_role("admin")
    url = f"/admin/webhooks/{second}/messages/{message.id}/again"
    assert admin.post(url, {}, form_url=f"/admin/webhooks/{first}").status_code == 404


def test_a_webhook_s_page_runs_the_same_statements_for_one_message_or_many(
    app, world, as_role, receiver
):
    webhook_id = _webhook(app, receiver, world.coach.id)
    admin = as_role("admin")
    page = f"/admin/webhooks/{webhook_id}"

    def statements() -> int:
        with count_queries(app) as seen:
            assert admin.get(page).status_code == 200
        return len(seen)

    _start_placement(app, world, world.client.id, world.company.id)
    one = statements()
    with app.app_context():
        first = db.session.scalar(select(WebhookDelivery))
        db.session.add_all(
            WebhookDelivery(
                webhook_id=webhook_id,
                message_id=f"msg_{n}",
                event="placement.started",
                key=f"k{n}",
                body="{}",
                last_response="",
                last_error="",
                attempts=1,
                delivered_at=first.delivered_at,
            )
            for n in range(60)
        )
        db.session.commit()
    assert statements() == one


def test_an_employer_s_webhook_may_ask_only_for_placements(app, world, receiver):
    with app.app_context():
        employer = db.session.get(User, world.employer.id)
        with pytest.raises(RuleError) as refused:
            webhooks.make("X", receiver.url, employer, ["outcome.recorded"], employer)
        assert refused.value.field == "events"
        teacher = User(email="ope@example.fi", name="Ope", role="teacher", password_hash="x")
        db.session.add(teacher)
        db.session.commit()
        with pytest.raises(RuleError) as refused:
            webhooks.make("X", receiver.url, teacher, ["placement.started"], teacher)
        assert refused.value.field == "account"


def test_an_employer_hears_of_the_trainee_s_placements_at_its_own_company_only(
    app, world, receiver
):
    _webhook(app, receiver, world.employer.id, ["placement.started", "placement.ended"])
    # Aino is the employer's trainee; her next placement is at another company.
    _start_placement(app, world, world.client.id, world.other_company.id)
    assert receiver.received == []
    with app.app_context():  # a Check Point opened by a coach is not the employer's to hear
        webhook = db.session.scalar(select(Webhook))
        assert webhook.events == ["placement.ended", "placement.started"]


def test_a_placement_ended_tells_when_and_never_the_reason_given(app, world, receiver):
    _webhook(app, receiver, world.coach.id, ["placement.ended"])
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        client = db.session.get(Client, world.client.id)
        coach = db.session.get(User, world.coach.id)
        placements.end(placement, client, clock.today(), "Paniikkihäiriö, lääkäri kielsi", coach)
    [message] = receiver.received
    assert "Paniikki" not in message.body.decode()
    data = message.json["data"]
    assert set(data) == {
        "client_id",
        "placement_id",
        "company_id",
        "kind",
        "start_date",
        "end_date",
        "ended_on",
    }
    assert data["ended_on"] == clock.today().isoformat()


def test_an_answer_that_is_not_http_is_a_failure_and_the_save_stands(app, world):
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def garble() -> None:
        for _ in range(2):
            connection, _address = server.accept()
            connection.recv(65536)
            connection.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
            connection.close()

    threading.Thread(target=garble, daemon=True).start()
    receiver = type("R", (), {"url": f"http://127.0.0.1:{server.getsockname()[1]}/", "secret": ""})
    _webhook(app, receiver, world.coach.id)
    placement_id = _start_placement(app, world, world.client.id, world.company.id)
    assert placement_id
    [failed] = _deliveries(app)
    assert failed.attempts == 1 and failed.last_status is None and failed.last_error
    assert failed.next_attempt_at is not None and failed.delivered_at is None
    server.close()


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/polku",
        "https://10.0.0.5:8443/polku",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/polku",
        "https://[::ffff:192.168.1.1]/polku",
        "https://localhost/polku",
        "https://example.org:99999/polku",
    ],
)
def test_an_address_inside_the_network_is_refused(app, world, url):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    with app.app_context():
        coach = db.session.get(User, world.coach.id)
        with pytest.raises(RuleError) as refused:
            webhooks.make("X", url, coach, ["placement.started"], coach)
        assert refused.value.field == "url"


def test_a_host_that_turned_private_is_not_sent_to(app, world, receiver):
    _webhook(app, receiver, world.coach.id)
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False  # as if the name now pointed inside
    _start_placement(app, world, world.client.id, world.company.id)
    assert receiver.received == []
    [refused] = _deliveries(app)
    assert refused.last_status is None and refused.last_error  # said in the sender's language
    assert refused.attempts == 1 and refused.next_attempt_at is not None


def test_a_sender_whose_claim_lapsed_writes_nothing_over_the_next_one(app, world, receiver):
    receiver.answers = [500]
    _webhook(app, receiver, world.coach.id)
    _start_placement(app, world, world.client.id, world.company.id)
    [message] = _deliveries(app)
    later = clock.utcnow() + timedelta(minutes=2)
    with freeze_time(later), app.app_context():
        slow_until = later + delivery.LEASE
        assert delivery._claim(message.id, later, slow_until) is not None
    receiver.answers = [200]
    past_lease = later + delivery.LEASE + timedelta(seconds=1)
    with freeze_time(past_lease), app.app_context():
        assert delivery.send(message.id) is True  # the claim lapsed: another sender sends it
        lapsed = delivery._write(message.id, slow_until, {"next_attempt_at": past_lease})
        assert lapsed is False
    [done] = _deliveries(app)
    assert done.delivered_at is not None and done.next_attempt_at is None and done.attempts == 3
