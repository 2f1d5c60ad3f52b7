"""The services behind the client, group, admin and sign-in pages: rules, audit, commit."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.admin import services as admin
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.auth import services as auth
from portal.clients import services as clients
from portal.groups import services as groups
from portal.models import (
    Attendance,
    AuditEvent,
    Client,
    Company,
    Group,
    GroupSession,
    Invitation,
    NetworkPartner,
    User,
)
from tests.conftest import PASSWORD


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def user(world, attr: str) -> User:
    return db.session.get(User, getattr(world, attr).id)


def test_a_new_client_is_saved_with_a_normalised_email_and_audited(ctx, world):
    details = clients.ClientDetails(
        first_name="Sara",
        last_name="Laine",
        birth_year=2005,
        entry_date=clock.today(),
        email="Sara.Laine@Example.FI",
        coach_id=0,
    )
    client = clients.create_client(details, user(world, "coach"))
    db.session.expire_all()
    saved = db.session.get(Client, client.id)
    assert (saved.email, saved.coach_id) == ("sara.laine@example.fi", None)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "client.create"))
    assert event.client_id == client.id and event.actor_id == world.coach.id


def test_a_client_is_invited_only_with_an_address_of_their_own(ctx, world):
    coach = user(world, "coach")
    client = db.session.get(Client, world.other_client.id)
    with pytest.raises(RuleError) as no_email:
        clients.invite_client(client, coach)
    assert no_email.value.field == "email"
    client.email = world.employer.email
    with pytest.raises(RuleError):
        clients.invite_client(client, coach)  # another account uses it
    db.session.rollback()
    client.email = "eetu@example.fi"
    clients.invite_client(client, coach)
    assert db.session.get(User, client.user_id).email == "eetu@example.fi"


def test_inviting_a_client_with_an_account_again_replaces_the_link(ctx, world):
    client = db.session.get(Client, world.client.id)  # has an account
    clients.invite_client(client, user(world, "coach"))
    clients.invite_client(client, user(world, "coach"))
    links = db.session.scalars(select(Invitation).where(Invitation.user_id == client.user_id))
    assert [i.used_at is None for i in links] == [False, True]
    assert actions() == ["user.invite", "user.invite"]


def group_with_members(group_id: int) -> Group:
    query = select(Group).where(Group.id == group_id).options(selectinload(Group.members))
    return db.session.scalars(query).one()


def test_members_the_coach_cannot_see_stay_in_the_group(ctx, world):
    group = group_with_members(world.group.id)
    group.members.append(db.session.get(Client, world.other_client.id))  # another coach's
    mine = Client(
        first_name="Uusi",
        last_name="Jäsen",
        birth_year=2004,
        coach_id=world.coach.id,
        project_id=world.project.id,
    )
    db.session.add(mine)
    db.session.commit()
    visible = [mine, db.session.get(Client, world.client.id)]
    groups.set_members(group_with_members(world.group.id), visible, [mine.id], "", None)
    db.session.commit()
    members = {m.id for m in group_with_members(world.group.id).members}
    assert members == {world.other_client.id, mine.id}
    assert db.session.get(Client, mine.id).state == "attitude_training"  # the group has started
    assert actions() == ["client.state", "group.members"]


def test_attendance_can_be_saved_partly_and_bad_marks_store_nothing(ctx, world):
    group = group_with_members(world.group.id)
    session = groups.add_session(
        group, groups.SessionDetails(clock.today(), "job_search", "Työnhaku", 0), None
    )
    members = list(group.members)
    extra = Client(
        first_name="Toinen", last_name="Jäsen", birth_year=2004, project_id=world.project.id
    )
    members.append(extra)
    db.session.add(extra)
    db.session.commit()
    with pytest.raises(RuleError) as refused:
        groups.save_attendance(group, session, members, {extra.id: "late"}, None)
    assert refused.value.field == f"client-{extra.id}"
    assert db.session.scalar(select(func.count(Attendance.id))) == 0
    assert groups.save_attendance(group, session, members, {world.client.id: "present"}, None) == 1
    groups.save_attendance(group, session, members, {extra.id: "excused"}, None)
    saved = db.session.execute(select(Attendance.client_id, Attendance.status)).all()
    assert sorted(saved) == sorted({world.client.id: "present", extra.id: "excused"}.items())
    assert db.session.get(GroupSession, session.id).company_id is None
    assert actions() == ["group.session", "group.attendance", "group.attendance"]


def test_the_account_rules_of_the_admin(ctx, world):
    me = user(world, "admin")
    taken = admin.UserDetails(name="X", email=world.coach.email.upper(), role="coach")
    no_company = admin.UserDetails(name="X", email="x@example.fi", role="employer")
    demoted = admin.UserDetails(name="A", email=me.email, role="coach")
    for details, target, field in [
        (taken, None, "email"),
        (no_company, None, "company_id"),
        (demoted, me, "role"),
    ]:
        with pytest.raises(RuleError) as refused:
            admin.check_user(details, target, me)
        assert refused.value.field == field
    admin.check_user(admin.UserDetails(name="A", email=me.email, role="admin"), me, me)


def test_switching_an_account_off_ends_its_logins(ctx, world):
    coach = user(world, "coach")
    generation = coach.login_generation
    off = admin.UserDetails(name=coach.name, email=coach.email, role="coach", active=False)
    admin.update_user(coach, off, user(world, "admin"))
    db.session.commit()
    assert coach.login_generation == generation + 1 and not coach.active


def test_a_business_id_belongs_to_one_company(ctx, world):
    details = admin.CompanyDetails(name="Toinen Oy", business_id="2914650-5")
    with pytest.raises(RuleError) as refused:
        admin.create_company(details, user(world, "admin"))
    assert refused.value.field == "business_id"
    db.session.rollback()
    company = db.session.get(Company, world.company.id)
    admin.update_company(company, details, user(world, "admin"))  # its own ID: fine
    db.session.commit()
    assert company.name == "Toinen Oy"


def test_a_network_partner_is_added_then_changed(ctx, world):
    details = admin.PartnerDetails(name="Ohjaamo", kind="ohjaamo")
    admin.save_partner(None, details, user(world, "admin"))
    partner = db.session.scalar(select(NetworkPartner))
    admin.save_partner(
        partner, admin.PartnerDetails("Ohjaamo Espoo", "ohjaamo", active=False), None
    )
    assert db.session.scalar(select(func.count(NetworkPartner.id))) == 1
    assert (partner.name, partner.active) == ("Ohjaamo Espoo", False)
    assert actions() == ["partner.save", "partner.save"]


def test_signing_in_is_logged_whether_or_not_it_succeeds(ctx, world):
    with pytest.raises(RuleError):
        auth.sign_in(world.employer.email, "wrong password")
    signed_in = auth.sign_in(world.employer.email.upper(), PASSWORD)
    assert signed_in.id == world.employer.id
    auth.sign_in(world.coach.email, PASSWORD)  # the password step of a two-step sign-in
    outcomes = db.session.execute(
        select(AuditEvent.action, AuditEvent.outcome).order_by(AuditEvent.id)
    ).all()
    assert [tuple(o) for o in outcomes] == [
        ("auth.login", "failed"),
        ("auth.login", "ok"),
        ("auth.password", "ok"),
    ]


def test_a_password_changes_only_with_the_current_one(ctx, world):
    coach = user(world, "coach")
    with pytest.raises(RuleError) as refused:
        auth.change_password(coach, "not it", "a new long enough password")
    assert refused.value.field == "current"
    db.session.rollback()
    auth.change_password(coach, PASSWORD, "a new long enough password")
    assert auth.sign_in(coach.email, "a new long enough password").id == coach.id
