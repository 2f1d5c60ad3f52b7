"""The small, fully linked data set most tests start from, and helpers that change it."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from flask import Flask, current_app
from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.auth.passwords import hash_password
from portal.models import (
    Client,
    Company,
    Group,
    Organisation,
    Placement,
    Project,
    Role,
    User,
    group_members,
    project_coaches,
)
from portal.reports.settings import project_settings
from tests.support.browser import PASSWORD


class World:
    """Two companies, two coaches, clients in and out of scope. Built inside an app context;
    ``app`` is that app, so a test can sign in to it (see the ``as_role`` fixture)."""

    def __init__(self) -> None:
        self.app: Flask = current_app._get_current_object()
        today = clock.today()
        pw = hash_password(PASSWORD)

        def user(email, role, company=None, name=None):
            u = User(
                email=email,
                name=name or email.split("@")[0].title(),
                role=role,
                password_hash=pw,
                active=True,
                company=company,
                # Those whose role needs it have their second factor set up, as in production.
                totp_secret=pyotp.random_base32() if role in (Role.ADMIN, Role.COACH) else None,
            )
            db.session.add(u)
            return u

        self.company = Company(name="Varasto Oy", business_id="2914650-5", industry="logistiikka")
        self.other_company = Company(name="Kahvila Oy", business_id="3071849-4")
        db.session.add_all([self.company, self.other_company])
        self.admin = user("admin@example.fi", Role.ADMIN)
        self.coach = user("coach@example.fi", Role.COACH, name="Kaisa Valmentaja")
        self.other_coach = user("coach2@example.fi", Role.COACH, name="Olli Ohjaaja")
        self.employer = user("employer@example.fi", Role.EMPLOYER, self.company)
        self.other_employer = user("employer2@example.fi", Role.EMPLOYER, self.other_company)
        self.client_user = user("client@example.fi", Role.CLIENT, name="Aino Virtanen")
        self.project = Project(
            organisation=Organisation(name="Kaupunki"),
            name="Polku",
            period_start=today - timedelta(days=365),
            period_end=today + timedelta(days=365),
            coaches=[self.coach, self.other_coach],
            companies=[self.company, self.other_company],
        )
        db.session.add(self.project)
        self.group = Group(
            project=self.project,
            name="Ryhmä 1",
            start_date=today - timedelta(days=30),
            end_date=today - timedelta(days=20),
            coaches=[self.coach],
        )
        self.other_group = Group(
            project=self.project,
            name="Ryhmä 2",
            start_date=today,
            end_date=today,
            coaches=[self.other_coach],
        )
        self.client = Client(
            project=self.project,
            first_name="Aino",
            last_name="Virtanen",
            birth_year=2004,
            entry_date=today - timedelta(days=90),
            user=self.client_user,
            coach=self.coach,
        )
        self.other_client = Client(
            project=self.project,
            first_name="Eetu",
            last_name="Korhonen",
            birth_year=2003,
            entry_date=today - timedelta(days=90),
            coach=self.other_coach,
        )
        self.group.members.append(self.client)
        self.other_group.members.append(self.other_client)
        db.session.add_all([self.group, self.other_group, self.client, self.other_client])
        self.placement = Placement(
            client=self.client,
            company=self.company,
            supervisor=self.employer,
            start_date=today - timedelta(days=10),
            end_date=today + timedelta(days=50),
            tasks="Keräily",
        )
        self.other_placement = Placement(
            client=self.other_client,
            company=self.other_company,
            supervisor=self.other_employer,
            start_date=today,
            end_date=today + timedelta(days=60),
        )
        db.session.add_all([self.placement, self.other_placement])
        db.session.commit()
        for obj in list(db.session.identity_map.values()):
            db.session.refresh(obj)
        db.session.expunge_all()  # usable (read-only) after the app context ends


def add_group_clients(app: Flask, world: World, n: int, **fields) -> list[int]:
    """Add ``n`` clients of the world's coach to the world's group; returns their ids."""
    with app.app_context():
        clients = [
            Client(
                first_name=f"Etu{i}",
                last_name=f"Suku{i:04}",
                birth_year=2000,
                coach_id=world.coach.id,
                project_id=world.project.id,
                **fields,
            )
            for i in range(n)
        ]
        db.session.add_all(clients)
        db.session.flush()
        db.session.execute(
            group_members.insert(),
            [{"group_id": world.group.id, "client_id": c.id} for c in clients],
        )
        db.session.commit()
        return [c.id for c in clients]


def state_of(app: Flask, client_id: int) -> str:
    with app.app_context():
        return db.session.get(Client, client_id).state


def set_state(app: Flask, client_id: int, state: str) -> None:
    with app.app_context():
        db.session.get(Client, client_id).state = state
        db.session.commit()


def project_id_of(coach_id: int | None = None) -> int:
    """The (first) project the coach works in; without a coach, the first project, made with
    the defaults the reports use when there is none yet. Inside an app context; for tests that
    add clients or groups of their own."""
    query = select(Project.id).order_by(Project.id).limit(1)
    if coach_id is not None:
        query = query.join(project_coaches).where(project_coaches.c.user_id == coach_id)
    found = db.session.scalar(query)
    if found is None and coach_id is None:
        default = project_settings()
        default.organisation = Organisation(name="Kaupunki")
        default.version = 1
        db.session.add(default)
        db.session.flush()
        found = default.id
    return found


def more_projects(app: Flask, world: World) -> tuple[int, int]:
    """Two more projects of the world's organisation: one the world's coach works in, one
    nobody does; their ids."""
    with app.app_context():
        first = db.session.get(Project, world.project.id)
        coach = db.session.get(User, world.coach.id)
        made = [
            Project(
                organisation_id=first.organisation_id,
                name=name,
                period_start=first.period_start,
                period_end=first.period_end,
                coaches=coaches,
            )
            for name, coaches in (("Toinen", [coach]), ("Muu hanke", []))
        ]
        db.session.add_all(made)
        db.session.commit()
        return made[0].id, made[1].id
