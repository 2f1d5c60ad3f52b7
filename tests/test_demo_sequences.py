"""Synthetic clients go in with explicit ids; the next client added through the portal must
still get a free id (on PostgreSQL the id sequence has to be moved on by hand)."""

from sqlalchemy import func, select

from portal.app.extensions import db
from portal.demo.scale import add_clients
from portal.models import Client
from tests.support.world import project_id_of


def test_a_client_added_after_synthetic_clients_gets_a_free_id(app, world, as_role):
    with app.app_context():
        add_clients(30)
        largest = db.session.scalar(select(func.max(Client.id)))
    coach = as_role("coach")
    response = coach.post(
        "/clients/new",
        {
            "first_name": "Uusi",
            "last_name": "Asiakas",
            "birth_year": "2004",
            "email": "",
            "phone": "",
            "municipality": "Helsinki",
            "referral_source": "Ohjaamo",
            "highest_education": "basic",
            "goal": "study",
            "preferred_fields": "",
            "coach_id": str(world.coach.id),
            # the synthetic projects are the coach's too: the form asks which
            "project_id": str(world.project.id),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        new = db.session.scalar(select(Client).where(Client.first_name == "Uusi"))
        assert new is not None and new.id > largest


def test_the_sequence_is_moved_past_the_largest_id(app, world):
    with app.app_context():
        add_clients(5)
        if db.session.get_bind().dialect.name == "postgresql":
            largest = db.session.scalar(select(func.max(Client.id)))
            nextval = db.session.scalar(select(func.nextval("clients_id_seq")))
            assert nextval == largest + 1
        db.session.add(
            Client(
                first_name="Vielä", last_name="Yksi", birth_year=2003, project_id=project_id_of()
            )
        )
        db.session.commit()
